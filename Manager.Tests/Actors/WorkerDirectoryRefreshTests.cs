using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// The worker directory's periodic refresh on virtual time (the registry and the proxies are probes): the proxies are asked
/// a slice each second over the period, not in one burst, and the ids it knows but the registry no longer lists are asked too.
/// </summary>
public sealed class WorkerDirectoryRefreshTests() : Akka.TestKit.Xunit2.TestKit(VirtualTime.Hocon)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);
    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_refresh_asks_the_proxies_a_slice_each_second_over_its_period()
    {
        var registry = CreateTestProbe();
        var workers = CreateTestProbe();
        var directory = Sys.ActorOf(WorkerDirectory.Props(() => registry.Ref, () => workers.Ref, RefreshEvery));
        await registry.ExpectMsgAsync<ListWorkerIds>();
        registry.Reply(Outcome.Done<IReadOnlyList<long>>([])); // nothing registered: ready at once
        directory.Tell(new WorkerShown(View(99))); // known to the directory; its removal's notice will have been lost
        await directory.Ask(ListWorkerViews.First, TimeSpan.FromSeconds(3)); // answered once ready: the refresh timer runs

        Scheduler.Advance(RefreshEvery);
        await registry.ExpectMsgAsync<ListWorkerIds>();
        registry.Reply(Outcome.Done<IReadOnlyList<long>>([.. Enumerable.Range(1, 17).Select(i => (long)i)]));

        // 18 ids over 9 slices (one second before the next refresh): 2 at once, then 2 a second.
        var asked = new List<long>();
        for (var slice = 0; slice < 9; slice++)
        {
            if (slice > 0) Scheduler.Advance(WorkerDirectory.RefreshSliceEvery);
            asked.Add(await ShowAsked(workers));
            asked.Add(await ShowAsked(workers));
            await workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        }
        Assert.Equal([.. Enumerable.Range(1, 17).Select(i => (long)i), 99L], asked.Order());

        Scheduler.Advance(WorkerDirectory.RefreshSliceEvery); // the round is over: no more asks until the next refresh
        await workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        await registry.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(WorkerDirectory.RefreshSliceEvery);
        await registry.ExpectMsgAsync<ListWorkerIds>();
    }

    [Theory]
    [InlineData(60, 1, 59)]
    [InlineData(10, 1, 9)]
    [InlineData(1, 1, 1)]
    [InlineData(0.3, 1, 1)]
    public void A_refresh_ends_a_tick_before_the_next_one(double refreshSeconds, double sliceSeconds, int slices) =>
        Assert.Equal(slices, RefreshRound.SlicesFor(TimeSpan.FromSeconds(refreshSeconds), TimeSpan.FromSeconds(sliceSeconds)));

    [Fact]
    public void A_round_hands_out_every_id_once_in_even_slices()
    {
        var round = new RefreshRound([1, 2, 3, 4, 5], slices: 2);
        Assert.Equal([1L, 2L, 3L], round.NextSlice());
        Assert.False(round.IsDone);
        Assert.Equal([4L, 5L], round.NextSlice());
        Assert.True(round.IsDone);
        Assert.Empty(round.NextSlice());
        Assert.True(new RefreshRound([], slices: 3).IsDone);
    }

    private static async Task<long> ShowAsked(TestProbe workers) => (await workers.ExpectMsgAsync<ShowWorker>()).WorkerId;

    private static WorkerView View(long id) =>
        new(new WorkerRecord(id, $"render-{id}", "Linux", null, [], [], null, true, DateTimeOffset.UtcNow), true, "available", null);
}
