using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Faults;

/// <summary>The pure rule: after a failure that requeues a task, it is abandoned when no known worker is still eligible.</summary>
public class AbandonRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ManagerSettings Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 10, BlocklistThreshold = 3 };

    private static WorkerCapabilities Worker(long id, bool enabled = true, string[]? types = null, string[]? tags = null) =>
        new(id, $"render-{id:D2}", types ?? [], tags ?? [], enabled);

    private static DispatcherState WithTask(long id, string type = "blender_render", string[]? tags = null) =>
        new DispatcherState().Then(new TaskSubmitted(new TaskRecord(
            id, id, type, "none", "{}", "", [], 0, 1, 3, null, "PNG", tags ?? [], TaskStatus.Queued, null, 0, 0, [], "queued", null, null, Now, Now)));

    private static DispatcherState Assign(DispatcherState s, long task, long worker) =>
        s.Then(new TaskAssigned(task, worker, s.LastAssignment + 1, "rendering", Now));

    private static Decision<long> Fail(DispatcherState s, long task, long worker, params WorkerCapabilities[] known) =>
        TaskRules.UpdateFromWorker(s, new UpdateTaskFromWorker(task, worker, null, TaskStatus.Failed, null, null, null, null), Settings, Now, known);

    [Fact]
    public void A_failure_that_leaves_another_eligible_worker_only_requeues()
    {
        var d = Fail(Assign(WithTask(1), 1, 1), 1, 1, Worker(1), Worker(2));
        Assert.Null(d.Outcome.Refusal);
        Assert.Equal([typeof(TaskFailed)], d.Events.Select(e => e.GetType()));
        Assert.False(((TaskFailed)d.Events[0]).Final);
    }

    [Fact]
    public void When_every_capable_worker_failed_the_task_it_is_abandoned_with_the_workers_named()
    {
        var s = Assign(WithTask(1), 1, 1);
        s = s.Then(new TaskFailed(1, 1, null, false, "requeued", null, Now));
        s = Assign(s, 1, 2);
        var d = Fail(s, 1, 2, Worker(1), Worker(2), Worker(3, types: ["exec_command"]), Worker(4, types: ["exec_command"]));
        var abandoned = Assert.IsType<TaskAbandoned>(d.Events[^1]);
        Assert.Equal("no eligible worker left: workers 1, 2 failed it", abandoned.Reason);

        var after = d.Events.Aggregate(s, (st, e) => st.Then(e));
        Assert.Equal(TaskStatus.Failed, after.Tasks[1].Status);
        Assert.Equal(abandoned.Reason, after.Tasks[1].Error); // no render error was reported, so the reason is the error
        Assert.Equal(abandoned.Reason, after.Tasks[1].Activity);
        Assert.Equal(2, after.Tasks[1].WorkerId); // the last holder stays visible on a failed task
        Assert.Empty(after.Queue);
    }

    [Fact]
    public void An_abandoned_task_keeps_the_error_its_last_attempt_reported()
    {
        var s = Assign(WithTask(1), 1, 1);
        var d = TaskRules.UpdateFromWorker(s, new UpdateTaskFromWorker(1, 1, null, TaskStatus.Failed, null,
            "Error: Cannot read file '/srv/missing.blend'\n", null, null), Settings, Now, [Worker(1)]);

        var after = d.Events.Aggregate(s, (st, e) => st.Then(e));
        Assert.Equal(TaskStatus.Failed, after.Tasks[1].Status);
        Assert.Contains("Cannot read file '/srv/missing.blend'", after.Tasks[1].Error); // the parser here is 'none': the last line
        Assert.StartsWith("no eligible worker left", after.Tasks[1].Activity);
    }

    [Fact]
    public void Blocklisted_and_disabled_workers_are_not_eligible_and_are_named()
    {
        var s = WithTask(9).Then(new TaskSubmitted(WithTask(1).Tasks[1]));
        for (var i = 0; i < 3; i++) // worker 2 reaches the blocklist threshold on other tasks of the type
        {
            var other = 100 + i;
            s = s.Then(new TaskSubmitted(WithTask(other).Tasks[other]));
            s = Assign(s, other, 2).Then(new TaskFailed(other, 2, null, false, "requeued", null, Now));
        }
        s = Assign(s, 1, 1);
        var d = Fail(s, 1, 1, Worker(1), Worker(2), Worker(3, enabled: false));
        Assert.Equal("no eligible worker left: worker 1 failed it; worker 2 is blocklisted for blender_render; worker 3 is disabled",
            Assert.IsType<TaskAbandoned>(d.Events[^1]).Reason);
    }

    [Fact]
    public void A_worker_without_the_tasks_tags_or_type_does_not_keep_it_alive_but_one_with_them_does()
    {
        var s = Assign(WithTask(1, tags: ["gpu"]), 1, 1);
        Assert.IsType<TaskAbandoned>(Fail(s, 1, 1, Worker(1, tags: ["gpu"]), Worker(2)).Events[^1]);
        Assert.IsType<TaskFailed>(Fail(s, 1, 1, Worker(1, tags: ["gpu"]), Worker(2, tags: ["gpu", "big"])).Events[^1]);
        Assert.IsType<TaskFailed>(Fail(s, 1, 1, Worker(1, tags: ["gpu"]), Worker(2, types: ["blender_render"], tags: ["gpu"])).Events[^1]);
    }

    [Fact]
    public void Without_knowledge_of_any_capable_worker_nothing_is_abandoned()
    {
        var s = Assign(WithTask(1), 1, 1);
        Assert.Single(Fail(s, 1, 1).Events);
        Assert.Single(TaskRules.UpdateFromWorker(s, new UpdateTaskFromWorker(1, 1, null, TaskStatus.Failed, null, null, null, null), Settings, Now).Events);
        Assert.Null(Scheduling.NoEligibleWorkerReason(s.Tasks[1] with { Status = TaskStatus.Queued }, s.FailureCount, [], 3));
    }

    [Fact]
    public void The_last_allowed_attempt_fails_the_task_as_before_without_an_abandon_event()
    {
        var s = Assign(WithTask(1), 1, 1);
        var d = TaskRules.UpdateFromWorker(s, new UpdateTaskFromWorker(1, 1, null, TaskStatus.Failed, null, null, null, null),
            Settings with { TaskMaxAttempts = 1 }, Now, [Worker(1)]);
        Assert.True(Assert.IsType<TaskFailed>(Assert.Single(d.Events)).Final);
    }

    [Fact]
    public void The_decision_is_pure_the_same_input_gives_the_same_events_and_the_state_is_untouched()
    {
        var s = Assign(WithTask(1), 1, 1);
        var a = Fail(s, 1, 1, Worker(1));
        var b = Fail(s, 1, 1, Worker(1));
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(TaskStatus.Rendering, s.Tasks[1].Status);
    }
}
