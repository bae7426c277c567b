using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Support;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;
using static Manager.Tests.Support.DispatcherAsks;

namespace Manager.Tests.Actors;

/// <summary>
/// A poll or heartbeat the HTTP node sends straight to the dispatcher (<see cref="PollFromWorker"/>), on virtual time: it is
/// served with the capabilities the dispatcher holds, refused for a worker it holds none of (the node then asks the proxy),
/// and a loss report that crosses it is not declared.
/// </summary>
public sealed class DispatcherPollTests : JournalTestKit
{
    private static readonly TimeSpan Timeout = ManagerSettings.Defaults.WorkerTimeout;

    private readonly CurrentSettings _settings = new();

    public DispatcherPollTests()
        : base("poll-test", VirtualTime.Hocon)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_poll_is_served_with_the_capabilities_the_dispatcher_holds_and_refused_for_a_worker_it_holds_none_of()
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        var task = (await Ask(dispatcher, RulesDriver.Blender())).Task.Id;

        var unknown = await dispatcher.Ask(new PollFromWorker(5, Available: true), Bound);
        Assert.IsType<Refusal.NotFound>(unknown.Refusal);
        Assert.Equal(TaskStatus.Queued, (await Ask(dispatcher, new GetTask(task))).Status);

        await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["exec_command"], [], Enabled: true, Version: 1));
        Assert.Null((await Ask(dispatcher, new PollFromWorker(5, Available: true))).TaskId); // it cannot run blender_render

        await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["blender_render"], [], Enabled: true, Version: 2));
        Assert.Equal(task, (await Ask(dispatcher, new PollFromWorker(5, Available: true))).TaskId);
        Assert.Equal(task, (await Ask(dispatcher, new PollFromWorker(5, Available: false))).TaskId); // a heartbeat reads it

        await Ask(dispatcher, new DropWorker(5, "requeued: worker render-05 was removed by root", "root"));
        Assert.IsType<Refusal.NotFound>((await dispatcher.Ask(new PollFromWorker(5, Available: true), Bound)).Refusal);
    }

    /// <summary>
    /// The proxy reports its worker lost while the worker's next poll goes straight to the dispatcher, which serves it
    /// first: the loss, arriving just after, must not requeue the task the poll has just assigned.
    /// </summary>
    [Fact]
    public async Task A_loss_that_crosses_a_poll_is_not_declared_and_one_a_contact_window_later_is()
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        Scheduler.Advance(Timeout); // available for long enough to declare losses
        await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["blender_render"], [], Enabled: true, Version: 1));
        var task = (await Ask(dispatcher, RulesDriver.Blender())).Task.Id;
        Assert.Equal(task, (await Ask(dispatcher, new PollFromWorker(5, Available: true))).TaskId);

        var crossing = await Ask(dispatcher, new WorkerLost(5, "requeued: worker render-05 silent for 30 s", Delivery: 1));
        Assert.Equal(new WorkerLossAnswer(5, 1, Declared: false), crossing);
        Assert.Equal((TaskStatus.Rendering, (long?)5), await StatusAndHolder(dispatcher, task));

        Scheduler.Advance(WorkerConnection.ContactWindow(Timeout));
        var silent = await Ask(dispatcher, new WorkerLost(5, "requeued: worker render-05 silent for 30 s", Delivery: 2));
        Assert.Equal(new WorkerLossAnswer(5, 2, Declared: true), silent);
        Assert.Equal((TaskStatus.Queued, (long?)null), await StatusAndHolder(dispatcher, task));
    }

    [Theory]
    [InlineData(null, 0, false)]     // never polled
    [InlineData(0, 0, true)]         // the same instant
    [InlineData(0, 999, true)]       // within the default timeout's window (1 s)
    [InlineData(0, 1000, false)]
    [InlineData(0, 29_000, false)]   // the last poll of a worker silent for a whole timeout, less the window
    public void A_loss_crosses_a_poll_served_within_the_contact_window(int? polledAtMs, int nowMs, bool crossed)
    {
        var start = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        DateTimeOffset? polled = polledAtMs is { } p ? start.AddMilliseconds(p) : null;
        Assert.Equal(crossed, WorkerConnection.CrossedAPoll(polled, TimeSpan.FromSeconds(30), start.AddMilliseconds(nowMs)));
    }
}
