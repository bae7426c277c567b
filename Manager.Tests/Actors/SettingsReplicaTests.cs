using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Manager.Actors.Settings;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A cluster node's settings replica, with probes in place of the settings singleton and the pub-sub mediator and the
/// TestKit's <see cref="TestScheduler"/> as its clock: until a copy arrives the node reads the defaults; the replica asks
/// once subscribed and again every refresh interval; it applies only a newer version, and each applied copy is
/// announced on the node's event stream (<see cref="SettingsUpdated"/>, what the worker proxies re-arm on).
/// </summary>
public sealed class SettingsReplicaTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a test waits (in real time) to see that nothing arrives.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly CurrentSettings _current = new();
    private readonly TestProbe _settings;
    private readonly TestProbe _mediator;
    private readonly TestProbe _announced;

    public SettingsReplicaTests() : base(VirtualTime.Hocon)
    {
        _settings = CreateTestProbe();
        _mediator = CreateTestProbe();
        _announced = CreateTestProbe();
        Sys.EventStream.Subscribe(_announced.Ref, typeof(SettingsUpdated));
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task It_subscribes_to_the_topic_and_asks_the_singleton_once_the_subscription_is_acknowledged()
    {
        var replica = Replica();

        var subscribe = await _mediator.ExpectMsgAsync<Subscribe>(Bound);
        Assert.Equal((SettingsReplica.Topic, replica), (subscribe.Topic, subscribe.Ref));
        await _settings.ExpectNoMsgAsync(Quiet); // not before it would hear the changes that follow the answer
        Assert.Same(ManagerSettings.Defaults, _current.Value); // what the node reads until a copy arrives

        replica.Tell(new SubscribeAck(subscribe));
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);
        var farm = Farm(timeoutSeconds: 90);
        _settings.Reply(new SettingsPublished(farm, 4));

        Assert.Same(farm, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Same(farm, _current.Value);
    }

    [Fact]
    public async Task A_fresh_farms_version_0_replaces_the_defaults_the_node_started_with()
    {
        var replica = await Subscribed();

        var defaults = Farm(timeoutSeconds: ManagerSettings.Defaults.WorkerTimeoutSeconds);
        replica.Tell(new SettingsPublished(defaults, 0)); // the settings actor of an empty journal

        Assert.Same(defaults, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Same(defaults, _current.Value);
    }

    [Fact]
    public async Task Only_a_newer_version_is_applied_so_a_late_answer_never_undoes_a_change()
    {
        var replica = await Subscribed();
        var v5 = Farm(timeoutSeconds: 50);
        replica.Tell(new SettingsPublished(v5, 5));
        Assert.Same(v5, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);

        replica.Tell(new SettingsPublished(Farm(timeoutSeconds: 40), 4)); // an answer overtaken by the publication of 5
        replica.Tell(new SettingsPublished(Farm(timeoutSeconds: 51), 5)); // the refresh bringing what it has
        var v6 = Farm(timeoutSeconds: 60);
        replica.Tell(new SettingsPublished(v6, 6));

        // The next announcement is version 6's: neither the older nor the same version was applied on the way.
        Assert.Same(v6, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Same(v6, _current.Value);
        await _announced.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task It_asks_again_every_refresh_interval_and_not_a_moment_before()
    {
        await Subscribed();

        Scheduler.Advance(Refresh - Tick);
        await _settings.ExpectNoMsgAsync(Quiet);
        Scheduler.Advance(Tick);
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);

        Scheduler.Advance(Refresh - Tick);
        await _settings.ExpectNoMsgAsync(Quiet);
        Scheduler.Advance(Tick);
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);
    }

    [Fact]
    public async Task Without_an_acknowledged_subscription_the_refresh_still_brings_the_settings()
    {
        var replica = Replica();
        await _mediator.ExpectMsgAsync<Subscribe>(Bound); // never acknowledged (the mediator was moving, say)
        await replica.Ask<ActorIdentity>(new Identify(null), Bound); // started: its refresh timer is armed

        Scheduler.Advance(Refresh);
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);
        var farm = Farm(timeoutSeconds: 120);
        _settings.Reply(new SettingsPublished(farm, 2));

        Assert.Same(farm, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Same(farm, _current.Value);
    }

    [Fact]
    public async Task A_change_missed_while_the_singleton_moved_arrives_with_the_next_refresh()
    {
        await Subscribed();
        _settings.Reply(new SettingsPublished(Farm(timeoutSeconds: 30), 1));
        await _announced.ExpectMsgAsync<SettingsUpdated>(Bound);

        // Version 2 was published while this node was not subscribed: nothing arrives until the refresh asks.
        Scheduler.Advance(Refresh);
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);
        var v2 = Farm(timeoutSeconds: 45);
        _settings.Reply(new SettingsPublished(v2, 2));

        Assert.Same(v2, (await _announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Same(v2, _current.Value);
    }

    private IActorRef Replica() => Sys.ActorOf(SettingsReplica.Props(_current, _settings.Ref, _mediator.Ref, Refresh));

    /// <summary>A replica whose subscription was acknowledged; it has asked the singleton once (and so started, its timer armed).</summary>
    private async Task<IActorRef> Subscribed()
    {
        var replica = Replica();
        replica.Tell(new SubscribeAck(await _mediator.ExpectMsgAsync<Subscribe>(Bound)));
        await _settings.ExpectMsgAsync<GetPublishedSettings>(Bound);
        return replica;
    }

    private static ManagerSettings Farm(int timeoutSeconds) =>
        ManagerSettings.Defaults with { WorkerTimeoutSeconds = timeoutSeconds, BlenderPath = new Dictionary<string, string>() };
}
