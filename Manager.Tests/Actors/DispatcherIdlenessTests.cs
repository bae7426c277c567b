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
/// place of the nodes: its state on every publishing tick, and busy the moment a command makes it busy — before that
/// command's answer.
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
    public async Task Every_tick_tells_the_farm_s_state_and_a_command_that_makes_it_busy_tells_so_before_it_is_answered()
    {
        var nodes = CreateTestProbe();
        var dispatcher = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000, tellIdleness: n => nodes.Tell(n)));
        await Ask(dispatcher, new ListTasks(null, null, 0, 1)); // recovered: its timers run
        Assert.Equal(FarmIdleness.IdleNow, await Tick(nodes));
        Assert.Equal(FarmIdleness.IdleNow, await Tick(nodes));

        // The submitter's answer and the notice go to the same probe: the notice is first.
        dispatcher.Tell(RulesDriver.Blender(), nodes.Ref);
        Assert.Equal(FarmIdleness.Busy, await nodes.ExpectMsgAsync<FarmIdleness>());
        var task = (await nodes.ExpectMsgAsync<Outcome<SubmitResult>>()).Value!.Task.Id;

        // Busy while the task is queued, then held.
        Assert.Equal(FarmIdleness.Busy, await Tick(nodes));
        Assert.Equal(task, (await Ask(dispatcher, RulesDriver.Worker(5, ["blender_render"]))).TaskId);
        Assert.Equal(FarmIdleness.Busy, await Tick(nodes));

        // Completed: nothing queued or held, so the next tick tells idle again.
        var assignment = (await Ask(dispatcher, new GetTask(task))).Assignment;
        await Ask(dispatcher, new UpdateTaskFromWorker(task, 5, assignment, TaskStatus.Completed, null, null, null, null));
        Assert.Equal(FarmIdleness.IdleNow, await Tick(nodes));
    }

    private async Task<FarmIdleness> Tick(TestProbe nodes)
    {
        Scheduler.Advance(FarmEventPublishing.Interval);
        return await nodes.ExpectMsgAsync<FarmIdleness>();
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
    public void A_node_asks_the_dispatcher_until_it_is_told_idle_and_keeps_the_latest_notice()
    {
        var view = new IdleFarmView();
        Assert.False(view.IsIdle); // nothing heard yet

        view.Note(FarmIdleness.IdleNow);
        Assert.True(view.IsIdle); // and stays so while the dispatcher is away: no task can be queued meanwhile
        view.Note(FarmIdleness.Busy);
        Assert.False(view.IsIdle);
    }
}
