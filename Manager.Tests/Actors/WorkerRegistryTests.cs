using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// The worker registry (host name → id, the id counter) on a real SQLite journal, with a probe in place of the worker
/// proxies: ids only grow and are never given twice, not after a removal and not after the registry was restarted from
/// its journal; host names compare case-insensitively; a registration is handed to the id's proxy, which answers the
/// asker; and a restarted registry wakes every known worker's proxy.
/// </summary>
public sealed class WorkerRegistryTests : JournalTestKit
{
    private readonly TestProbe _workers;

    public WorkerRegistryTests() : base("worker-registry-test") => _workers = CreateTestProbe();

    [Fact]
    public async Task Each_new_host_name_gets_the_next_id_and_a_known_one_its_own_in_any_spelling()
    {
        var registry = Registry();

        Assert.Equal(1, await Reserve(registry, "render-01"));
        Assert.Equal(2, await Reserve(registry, "render-02"));
        Assert.Equal(1, await Reserve(registry, "RENDER-01"));
        Assert.Equal(2, await Reserve(registry, "Render-02"));
        Assert.Equal(3, await Reserve(registry, "render-03"));

        Assert.Equal(1, await Find(registry, "render-01"));
        Assert.Equal(1, await Find(registry, "Render-01"));
        Assert.Equal(3, await Find(registry, "RENDER-03"));
        Assert.Null(await Find(registry, "render-04"));
        Assert.Null(await Find(registry, "render-0")); // a key, not a prefix
        Assert.Equal([1L, 2L, 3L], await Ids(registry));
        await _workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100)); // reserving registers nothing
    }

    [Fact]
    public async Task A_released_host_name_is_forgotten_and_its_id_never_given_again()
    {
        var registry = Registry();
        await Reserve(registry, "render-01");
        await Reserve(registry, "render-02");
        await Reserve(registry, "render-03");

        Assert.Null((await registry.Ask(new ReleaseHostname(3, "root"), Bound)).Refusal); // the highest id
        Assert.Null((await registry.Ask(new ReleaseHostname(1, "root"), Bound)).Refusal);

        Assert.Null(await Find(registry, "render-03"));
        Assert.Null(await Find(registry, "RENDER-01"));
        Assert.Equal([2L], await Ids(registry));
        Assert.Equal(4, await Reserve(registry, "render-03")); // the same host again is a new worker
        Assert.Equal(5, await Reserve(registry, "Render-01"));
        Assert.Equal(6, await Reserve(registry, "render-06"));
        Assert.Equal([2L, 4L, 5L, 6L], await Ids(registry));
    }

    [Fact]
    public async Task Releasing_an_unknown_or_already_released_id_is_refused_not_found()
    {
        var registry = Registry();
        await Reserve(registry, "render-01");

        Assert.IsType<Refusal.NotFound>((await registry.Ask(new ReleaseHostname(2, "root"), Bound)).Refusal);
        Assert.Null((await registry.Ask(new ReleaseHostname(1, "root"), Bound)).Refusal);
        Assert.IsType<Refusal.NotFound>((await registry.Ask(new ReleaseHostname(1, "root"), Bound)).Refusal);
        Assert.Empty(await Ids(registry));
    }

    [Fact]
    public async Task A_restarted_registry_recovers_its_host_names_and_keeps_counting_past_every_id_it_gave()
    {
        var first = Registry();
        await Reserve(first, "render-01");
        await Reserve(first, "Render-02");
        await Reserve(first, "render-03");
        await first.Ask(new ReleaseHostname(3, "root"), Bound); // the highest id is gone from the map, not from the counter
        await StopAndWait(first);

        var second = Registry();
        Assert.Equal(2, await Find(second, "render-02"));
        Assert.Equal(1, await Reserve(second, "RENDER-01"));
        Assert.Null(await Find(second, "render-03"));
        Assert.Equal([1L, 2L], await Ids(second));
        Assert.Equal(4, await Reserve(second, "render-03"));
        await second.Ask(new ReleaseHostname(4, "root"), Bound);
        await StopAndWait(second);

        var third = Registry();
        Assert.Equal(5, await Reserve(third, "render-05"));
        Assert.Equal([1L, 2L, 5L], await Ids(third));
    }

    [Fact]
    public async Task Concurrent_reservations_of_one_new_host_name_get_one_id()
    {
        var registry = Registry();

        var asks = Enumerable.Range(0, 20)
            .Select(i => registry.Ask(new ReserveWorkerId(i % 2 == 0 ? "render-01" : "RENDER-01"), Bound)).ToList();
        var ids = (await Task.WhenAll(asks)).Select(outcome => outcome.Value).Distinct();

        Assert.Equal([1L], ids);
        Assert.Equal(2, await Reserve(registry, "render-02"));
    }

    [Fact]
    public async Task A_registration_goes_to_the_ids_proxy_which_answers_the_asker()
    {
        var registry = Registry();

        var answer = registry.Ask(new RegisterWorker("Render-01", "Linux", 5000, ["blender_render"], ["gpu"], "10.0.0.1", "enroll"), Bound);
        var applied = await _workers.ExpectMsgAsync<ApplyRegistration>(Bound);
        Assert.Equal(new ApplyRegistration(1, "Render-01", "Linux", 5000, applied.SupportedTypes, applied.Tags, "10.0.0.1", "enroll"), applied);
        Assert.Equal(["blender_render"], applied.SupportedTypes);
        Assert.Equal(["gpu"], applied.Tags);
        var result = new RegistrationResult(
            new WorkerView(new WorkerRecord(1, "Render-01", "Linux", 5000, ["blender_render"], ["gpu"], "10.0.0.1", true,
                DateTimeOffset.UnixEpoch), true, null, null), Created: true);
        _workers.Reply(Outcome.Done(result)); // the proxy answers the HTTP request itself
        Assert.Same(result, (await answer).Value);

        // The same host in another spelling is the same worker; an id reserved first is the one registered.
        _ = registry.Ask(new RegisterWorker("render-01", "Windows", null, [], [], null), Bound);
        Assert.Equal((1L, "Windows"), Of(await _workers.ExpectMsgAsync<ApplyRegistration>(Bound)));
        Assert.Equal(2, await Reserve(registry, "render-02"));
        _ = registry.Ask(new RegisterWorker("render-02", "Linux", null, [], [], null), Bound);
        Assert.Equal((2L, "Linux"), Of(await _workers.ExpectMsgAsync<ApplyRegistration>(Bound)));
        Assert.Equal([1L, 2L], await Ids(registry));
    }

    /// <summary>With the real proxies behind it (the dispatcher a probe): the worker keeps the spelling it registered with first.</summary>
    [Fact]
    public async Task Registering_again_in_another_spelling_keeps_the_first_spelling()
    {
        var dispatcher = CreateTestProbe().AcknowledgingCapabilities();
        var settings = new CurrentSettings();
        var proxies = Sys.ActorOf(WorkerProxyParent.Props(new WorkerMessageExtractor(),
            entityId => WorkerProxy.Props(long.Parse(entityId), dispatcher.Ref, settings, new WorkerContacts())));
        var registry = Sys.ActorOf(WorkerRegistry.Props(proxies));

        var first = await registry.Ask(new RegisterWorker("Render-01.Farm", "Linux", null, ["blender_render"], [], null), Bound);
        var again = await registry.Ask(new RegisterWorker("RENDER-01.farm", "Windows", null, ["exec_command"], [], null), Bound);

        Assert.True(first.IsDone(out var created) && created.Created);
        Assert.True(again.IsDone(out var updated) && !updated.Created);
        Assert.Equal((1L, "Render-01.Farm", "Windows"), (updated.Worker.Record.Id, updated.Worker.Record.Hostname, updated.Worker.Record.System));
        Assert.Equal(1, await Find(registry, "render-01.farm"));
    }

    [Fact]
    public async Task A_started_registry_wakes_the_proxy_of_every_known_worker_and_of_no_removed_one()
    {
        var first = Registry();
        await Reserve(first, "render-01"); // answered after recovery, when a wake-up would already have been sent
        await _workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100)); // an empty journal: nobody to wake
        await Reserve(first, "render-02");
        await Reserve(first, "render-03");
        await first.Ask(new ReleaseHostname(2, "root"), Bound);
        await StopAndWait(first);

        Registry();

        var woken = new[] { await Woken(), await Woken() };
        Assert.Equal([1L, 3L], woken.Order());
        await _workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // once each, and not worker 2
    }

    private IActorRef Registry() => Sys.ActorOf(WorkerRegistry.Props(_workers.Ref));

    private async Task<long> Woken() => (await _workers.ExpectMsgAsync<WakeWorker>(Bound)).WorkerId;

    private static (long, string) Of(ApplyRegistration r) => (r.WorkerId, r.System);

    private static async Task<long> Reserve(IActorRef registry, string hostname)
    {
        var outcome = await registry.Ask(new ReserveWorkerId(hostname, "test"), Bound);
        Assert.Null(outcome.Refusal);
        return outcome.Value;
    }

    private static async Task<long?> Find(IActorRef registry, string hostname)
    {
        var outcome = await registry.Ask(new FindWorker(hostname), Bound);
        Assert.Null(outcome.Refusal);
        return outcome.Value;
    }

    private static async Task<IReadOnlyList<long>> Ids(IActorRef registry)
    {
        var outcome = await registry.Ask(ListWorkerIds.Instance, Bound);
        Assert.True(outcome.IsDone(out var ids));
        return ids;
    }
}
