using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Manager.Actors.Tokens;

/// <summary>
/// One per node in a cluster: keeps this node's <see cref="KnownTokens"/> equal to the token store singleton's. The
/// store publishes every change on <see cref="Topic"/>; a change that does not follow the copy here (one was missed
/// while the singleton moved) and the periodic <c>refresh</c> fetch the whole table instead. A refresh is skipped when a
/// change followed the copy since the last one: while changes keep coming, a missed one shows as a gap at the next, and
/// the copy is a version behind most of the time, so a fetch would bring the whole table every time (50,000 workers
/// registering made each node fetch it every 5 s). A last change lost is found by the first refresh after the changes stop.
/// </summary>
public sealed class TokenReplica : ReceiveActor, IWithTimers
{
    public const string Topic = "manager-tokens";
    private const string RefreshTimer = "refresh";

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private readonly KnownTokens _known;
    private readonly IActorRef _store;
    private readonly TimeSpan _refresh;

    /// <summary>A change was applied in sequence since the last refresh.</summary>
    private bool _followedSinceRefresh;

    public TokenReplica(KnownTokens known, IActorRef store, IActorRef mediator, TimeSpan refresh)
    {
        _known = known;
        _store = store;
        _refresh = refresh;
        mediator.Tell(new Subscribe(Topic, Self));

        Receive<SubscribeAck>(_ => Fetch());
        Receive<Refresh>(_ =>
        {
            if (!_followedSinceRefresh) Fetch();
            _followedSinceRefresh = false;
        });
        Receive<TokensChanged>(c =>
        {
            if (c.FromVersion == _known.Version)
            {
                _known.Replace(c.ApplyTo(_known.Table), c.ToVersion);
                _followedSinceRefresh = true;
            }
            else if (c.ToVersion > _known.Version) Fetch();
        });
        Receive<TokensPublished>(p =>
        {
            if (p.Version > _known.Version) _known.Replace(TokenTable.Of(p.Tokens), p.Version);
        });
        Receive<TokensUnchanged>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer(RefreshTimer, Refresh.Instance, _refresh, _refresh);

    public static Props Props(KnownTokens known, IActorRef store, IActorRef mediator, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new TokenReplica(known, store, mediator, refresh));

    private void Fetch() => _store.Tell(new GetPublishedTokens(_known.Version));
}
