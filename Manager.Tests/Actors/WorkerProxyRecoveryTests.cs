using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A proxy's recovery on the SQLite journal with a snapshot store that reports every load it is asked for: a proxy (it
/// saves no snapshots) never asks it, so starting one costs no snapshot query; an actor recovering the default way does.
/// </summary>
public sealed class WorkerProxyRecoveryTests() : JournalTestKit("proxy-recovery-test", """
    akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.watched"
    akka.persistence.snapshot-store.watched.class = "Manager.Tests.Actors.WatchedSnapshotStore, Manager.Tests"
    """)
{
    [Fact]
    public async Task A_proxy_recovers_its_worker_without_asking_the_snapshot_store()
    {
        var loads = CreateTestProbe();
        Sys.EventStream.Subscribe(loads.Ref, typeof(SnapshotLoadAsked));
        var dispatcher = CreateTestProbe().AcknowledgingCapabilities();
        var settings = new CurrentSettings();

        var first = Sys.ActorOf(WorkerProxy.Props(4, dispatcher.Ref, settings, new WorkerContacts()));
        Assert.Null((await first.Ask(new ApplyRegistration(4, "render-04", "Linux", null, ["blender_render"], [], "10.0.0.4"), Bound)).Refusal);
        await StopAndWait(first);
        var second = Sys.ActorOf(WorkerProxy.Props(4, dispatcher.Ref, settings, new WorkerContacts()));
        Assert.Equal("render-04", Assert.IsType<WorkerView>((await second.Ask(new GetWorkerView(4), Bound)).Value).Record.Hostname);
        await loads.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        // The store does report loads: an actor recovering the default way asks it.
        Sys.ActorOf(Props.Create(() => new DefaultRecovery()));
        Assert.Equal("default-recovery", (await loads.ExpectMsgAsync<SnapshotLoadAsked>(Bound)).PersistenceId);
    }

    private sealed class DefaultRecovery : ReceivePersistentActor
    {
        public override string PersistenceId => "default-recovery";
    }
}

/// <summary>What <see cref="WatchedSnapshotStore"/> publishes for each load it is asked for.</summary>
public sealed record SnapshotLoadAsked(string PersistenceId);

/// <summary>A snapshot store holding nothing that publishes each load it is asked for on the event stream.</summary>
public sealed class WatchedSnapshotStore : SnapshotStore
{
    protected override Task<SelectedSnapshot> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        Context.System.EventStream.Publish(new SnapshotLoadAsked(persistenceId));
        return Task.FromResult<SelectedSnapshot>(null!);
    }

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) => Task.CompletedTask;
}
