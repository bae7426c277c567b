using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// What the settings actor gives the nodes, on a real SQLite journal: its own node's <see cref="CurrentSettings"/> is
/// replaced before a change is answered; every persisted change, and the state it recovered, is published with its
/// sequence number as the version (what the replicas compare); an asker of <see cref="GetPublishedSettings"/> gets the
/// same. A replica fed by it (the pub-sub mediator replaced by a direct tell) ends up with the same settings.
/// </summary>
public sealed class SettingsPublicationTests : JournalTestKit
{
    private readonly CurrentSettings _current = new();
    private readonly TestProbe _published;

    public SettingsPublicationTests() : base("settings-publication-test") => _published = CreateTestProbe();

    [Fact]
    public async Task A_settings_actor_on_an_empty_journal_publishes_the_defaults_as_version_0()
    {
        var settings = Settings();

        var recovered = await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        Assert.Equal(0, recovered.Version);
        Assert.Same(ManagerSettings.Defaults, recovered.Settings);

        settings.Tell(GetPublishedSettings.Instance);
        var asked = await ExpectMsgAsync<SettingsPublished>(Bound);
        Assert.Equal((0L, ManagerSettings.Defaults), (asked.Version, asked.Settings));
        Assert.Same(ManagerSettings.Defaults, _current.Value);
    }

    [Fact]
    public async Task Each_change_is_in_this_nodes_copy_before_it_is_answered_and_published_with_the_next_version()
    {
        var settings = Settings();
        await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        var announced = CreateTestProbe();
        Sys.EventStream.Subscribe(announced.Ref, typeof(SettingsUpdated));

        var first = await Change(settings, ("worker_timeout_seconds", "90"));
        Assert.Equal(90, first.WorkerTimeoutSeconds);
        Assert.Same(first, _current.Value); // replaced before the answer
        Assert.Same(first, (await announced.ExpectMsgAsync<SettingsUpdated>(Bound)).Settings);
        Assert.Equal((1L, first), Of(await _published.ExpectMsgAsync<SettingsPublished>(Bound)));

        var second = await Change(settings, ("task_max_attempts", "7"), ("blocklist_threshold", "2"));
        Assert.Equal((90, 7, 2), (second.WorkerTimeoutSeconds, second.TaskMaxAttempts, second.BlocklistThreshold));
        Assert.Equal((2L, second), Of(await _published.ExpectMsgAsync<SettingsPublished>(Bound)));

        // A refused change is neither persisted nor published, and leaves the node's copy alone.
        var refused = await settings.Ask(new ChangeSettings(new Dictionary<string, string> { ["worker_timeout_seconds"] = "0" }), Bound);
        Assert.IsType<Refusal.Invalid>(refused.Refusal);
        await _published.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Same(second, _current.Value);
        settings.Tell(GetPublishedSettings.Instance);
        Assert.Equal((2L, second), Of(await ExpectMsgAsync<SettingsPublished>(Bound)));
    }

    [Fact]
    public async Task A_restarted_settings_actor_publishes_what_it_recovered_under_the_same_version()
    {
        var first = Settings();
        await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        await Change(first, ("worker_timeout_seconds", "90"));
        await Change(first, ("default_priority", "5"));
        await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        await StopAndWait(first);

        var recoveredCopy = new CurrentSettings();
        Sys.ActorOf(SettingsActor.Props(recoveredCopy, p => _published.Ref.Tell(p)));

        var recovered = await _published.ExpectMsgAsync<SettingsPublished>(Bound);
        Assert.Equal(2, recovered.Version); // a replica that has version 2 ignores it; one behind applies it
        Assert.Equal((90, 5), (recovered.Settings.WorkerTimeoutSeconds, recovered.Settings.DefaultPriority));
        Assert.Same(recovered.Settings, recoveredCopy.Value);
    }

    [Fact]
    public async Task A_replica_fed_by_the_settings_actor_follows_every_change()
    {
        IActorRef? replica = null;
        var settings = Sys.ActorOf(SettingsActor.Props(_current, p => replica?.Tell(p))); // the mediator's Publish, in short
        var mediator = CreateTestProbe();
        var otherNode = new CurrentSettings();
        replica = Sys.ActorOf(SettingsReplica.Props(otherNode, settings, mediator.Ref, TimeSpan.FromHours(1)));
        replica.Tell(new SubscribeAck(await mediator.ExpectMsgAsync<Subscribe>(Bound))); // then it asks the settings actor

        await Change(settings, ("worker_timeout_seconds", "90"));
        await Wait.Until(() => otherNode.Value.WorkerTimeoutSeconds == 90, Bound, "the other node has the first change");
        var last = await Change(settings, ("worker_timeout_seconds", "15"), ("default_priority", "3"));
        await Wait.Until(() => Equals(otherNode.Value, last), Bound, "the other node has the second change",
            () => otherNode.Value.ToString());
        Assert.Equal((15, 3), (otherNode.Value.WorkerTimeoutSeconds, otherNode.Value.DefaultPriority));
    }

    private IActorRef Settings() => Sys.ActorOf(SettingsActor.Props(_current, p => _published.Ref.Tell(p)));

    private static async Task<ManagerSettings> Change(IActorRef settings, params (string Name, string Json)[] values)
    {
        var outcome = await settings.Ask(new ChangeSettings(values.ToDictionary(v => v.Name, v => v.Json), "root"), Bound);
        Assert.True(outcome.IsDone(out var changed), $"refused: {outcome.Refusal}");
        return changed;
    }

    private static (long, ManagerSettings) Of(SettingsPublished p) => (p.Version, p.Settings);
}
