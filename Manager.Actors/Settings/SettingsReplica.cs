using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;

namespace Manager.Actors.Settings;

/// <summary>
/// One per node in a cluster: keeps this node's <see cref="CurrentSettings"/> equal to the settings singleton's.
/// It subscribes to <see cref="Topic"/> (the singleton publishes every change there) and also asks the singleton
/// every <c>refresh</c> interval, which covers the start of the node and a publication lost while the singleton moved.
/// Versions only grow, so a late answer never undoes a newer change.
/// </summary>
public sealed class SettingsReplica : ReceiveActor, IWithTimers
{
    public const string Topic = "manager-settings";
    private const string RefreshTimer = "refresh";

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private readonly CurrentSettings _current;
    private readonly IActorRef _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _version = -1;

    public SettingsReplica(CurrentSettings current, IActorRef settings, IActorRef mediator, TimeSpan refresh)
    {
        _current = current;
        _settings = settings;
        mediator.Tell(new Subscribe(Topic, Self));

        Receive<SubscribeAck>(_ => _settings.Tell(GetPublishedSettings.Instance));
        Receive<Refresh>(_ => _settings.Tell(GetPublishedSettings.Instance));
        Receive<SettingsPublished>(p =>
        {
            // The periodic refresh mostly brings the copy this node already has: only a newer one is applied
            // (applying announces SettingsUpdated, and every worker proxy on the node re-arms its timer).
            if (p.Version <= _version) return;
            _log.Debug("settings version {0} applied on this node", p.Version);
            _version = p.Version;
            _current.Replace(p.Settings, Context.System.EventStream);
        });
        _refresh = refresh;
    }

    private readonly TimeSpan _refresh;

    protected override void PreStart() => Timers.StartPeriodicTimer(RefreshTimer, Refresh.Instance, _refresh, _refresh);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CurrentSettings current, IActorRef settings, IActorRef mediator, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new SettingsReplica(current, settings, mediator, refresh));
}
