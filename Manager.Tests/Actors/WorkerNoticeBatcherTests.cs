using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A node's batcher of its proxies' notices to the worker directory (a probe here), on virtual time: the last_seen notices
/// of an interval go as one batch with each worker's newest view, a full batch goes at once, and any other notice (news,
/// a removal) goes at once with the waiting ones before it.
/// </summary>
public sealed class WorkerNoticeBatcherTests() : Akka.TestKit.Xunit2.TestKit(VirtualTime.Hocon)
{
    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task The_last_seen_notices_of_an_interval_go_as_one_batch_with_each_worker_s_newest_view()
    {
        var directory = CreateTestProbe();
        var batcher = Sys.ActorOf(WorkerNoticeBatcher.Props(directory.Ref));
        batcher.Tell(Seen(1, 10));
        batcher.Tell(Seen(2, 10));
        batcher.Tell(Seen(1, 15));
        await directory.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100)); // the interval has not passed

        Scheduler.Advance(WorkerNoticeBatcher.Interval);
        var batch = await directory.ExpectMsgAsync<WorkersShown>();
        Assert.Equal([Seen(1, 15).View, Seen(2, 10).View], batch.Views.OrderBy(v => v.Record.Id));

        Scheduler.Advance(WorkerNoticeBatcher.Interval);
        await directory.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100)); // nothing new: no empty batch
    }

    [Fact]
    public async Task A_full_batch_and_news_go_at_once_with_the_waiting_notices_before_them()
    {
        var directory = CreateTestProbe();
        var batcher = Sys.ActorOf(WorkerNoticeBatcher.Props(directory.Ref));
        for (var id = 1; id <= WorkerNoticeBatcher.MaxPerBatch; id++) batcher.Tell(Seen(id, 10));
        Assert.Equal(WorkerNoticeBatcher.MaxPerBatch, (await directory.ExpectMsgAsync<WorkersShown>()).Views.Count);

        batcher.Tell(Seen(4, 20));
        batcher.Tell(new WorkerShown(View(5) with { Online = false })); // news: offline
        Assert.Equal([Seen(4, 20).View, View(5) with { Online = false }], (await directory.ExpectMsgAsync<WorkersShown>()).Views);

        batcher.Tell(Seen(5, 30));
        batcher.Tell(new WorkerGone(5));
        Assert.Equal([Seen(5, 30).View], (await directory.ExpectMsgAsync<WorkersShown>()).Views);
        Assert.Equal(new WorkerGone(5), await directory.ExpectMsgAsync<WorkerGone>());
    }

    /// <summary>A notice that worker <paramref name="id"/> was last seen <paramref name="second"/> s after registering, nothing else new.</summary>
    private static WorkerShown Seen(long id, int second) => new(View(id) with { LastSeen = Registered.AddSeconds(second) }, MayWait: true);

    private static readonly DateTimeOffset Registered = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private static WorkerView View(long id) =>
        new(new WorkerRecord(id, $"render-{id:00}", "Linux", null, [], [], null, true, Registered), true, "available", Registered);
}
