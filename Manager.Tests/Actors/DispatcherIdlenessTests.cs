using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Events;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;
using static Manager.Tests.Support.DispatcherAsks;

namespace Manager.Tests.Actors;

/// <summary>
/// What the dispatcher tells the nodes about an idle farm (<see cref="FarmIdleness"/>), on virtual time with a probe in
/// place of the nodes: idle on every publishing tick while nothing is claimable or held, busy the moment a command makes
/// it busy — before that command's answer — and nothing while busy.
/// </summary>
public sealed class DispatcherIdlenessTests : JournalTestKit
{
    private readonly CurrentSettings _settings = new();

    public DispatcherIdlenessTests()
        : base("idleness-test", VirtualTime.Hocon)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task An_idle_farm_is_told_idle_on_every_tick_and_busy_before_the_command_that_made_it_busy_is_answered()
    {
        var nodes = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000, tellIdleness: n => nodes.Tell(n)));
        await Ask(dispatcher, new ListTasks(null, null, 0, 1)); // recovered: its timers run
        Scheduler.Advance(FarmEventPublishing.Interval);
        Assert.Equal(FarmIdleness.IdleNow, await nodes.ExpectMsgAsync<FarmIdleness>());
        Scheduler.Advance(FarmEventPublishing.Interval);
        Assert.Equal(FarmIdleness.IdleNow, await nodes.ExpectMsgAsync<FarmIdleness>());

        // The submitter's answer and the notice go to the same probe: the notice is first.
        dispatcher.Tell(RulesDriver.Blender(), nodes.Ref);
        Assert.Equal(FarmIdleness.Busy, await nodes.ExpectMsgAsync<FarmIdleness>());
        var task = (await nodes.ExpectMsgAsync<Outcome<SubmitResult>>()).Value!.Task.Id;

        // Busy while the task is queued, then held: the ticks tell nothing.
        Scheduler.Advance(FarmEventPublishing.Interval);
        var claimed = await Ask(dispatcher, RulesDriver.Worker(5, ["blender_render"]));
        Assert.Equal(task, claimed.TaskId);
        Scheduler.Advance(FarmEventPublishing.Interval);
        var assignment = (await Ask(dispatcher, new GetTask(task))).Assignment;
        await Ask(dispatcher, new UpdateTaskFromWorker(task, 5, assignment, TaskStatus.Completed, null, null, null, null));
        nodes.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Completed: nothing queued or held, so the next tick tells idle again.
        Scheduler.Advance(FarmEventPublishing.Interval);
        Assert.Equal(FarmIdleness.IdleNow, await nodes.ExpectMsgAsync<FarmIdleness>());
    }

    [Fact]
    public void A_farm_is_idle_only_when_no_task_is_claimable_and_none_is_held()
    {
        var farm = new RulesDriver();
        Assert.True(FarmIdleness.Of(farm.State));

        var task = farm.Submitted(RulesDriver.Blender()).Id;
        Assert.False(FarmIdleness.Of(farm.State)); // claimable

        Assert.Equal(task, farm.Claimed(RulesDriver.Worker(5, ["blender_render"])));
        Assert.False(FarmIdleness.Of(farm.State)); // held

        farm.FromWorker(task, 5, TaskStatus.Failed, assignment: farm.State.Tasks[task].Assignment);
        Assert.False(FarmIdleness.Of(farm.State)); // failed once: queued again

        farm.Delete(task);
        Assert.True(FarmIdleness.Of(farm.State));
    }

    [Fact]
    public void A_node_holds_an_idle_notice_for_its_lease_and_drops_it_at_a_busy_one()
    {
        var clock = new ManualTimestamps();
        var view = new IdleFarmView(clock);
        Assert.False(view.IsIdle); // nothing heard: every poll goes to the dispatcher

        view.Note(FarmIdleness.IdleNow);
        Assert.True(view.IsIdle);
        clock.Advance(FarmIdleness.Lease - TimeSpan.FromMilliseconds(1));
        Assert.True(view.IsIdle);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(view.IsIdle); // not renewed: the dispatcher is gone, late, or busy

        view.Note(FarmIdleness.IdleNow);
        view.Note(FarmIdleness.Busy);
        Assert.False(view.IsIdle);
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTimestamps : TimeProvider
    {
        private long _now = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += by.Ticks;
    }
}
