using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class OperatorRulesTests
{
    public static TheoryData<TaskStatus, TaskStatus> AllPairs()
    {
        var data = new TheoryData<TaskStatus, TaskStatus>();
        foreach (var from in Enum.GetValues<TaskStatus>())
        foreach (var to in Enum.GetValues<TaskStatus>())
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void An_operator_status_change_is_applied_exactly_when_the_contract_allows_it(TaskStatus from, TaskStatus to)
    {
        var farm = new RulesDriver();
        var task = farm.TaskIn(from);

        var decision = farm.FromOperator(task.Id, to);

        if (OperatorTransitionsTests.Contract.Contains((from, to)))
        {
            Assert.Null(decision.Outcome.Refusal);
            var changed = Assert.IsType<TaskStatusChangedByOperator>(Assert.Single(decision.Events));
            Assert.Equal(to, changed.Status);
            Assert.Equal(to, farm.Task(task.Id).Status);
            Assert.Equal(to == TaskStatus.Queued, farm.State.Queue.Any(e => e.TaskId == task.Id));
            Assert.Null(farm.State.HeldTask(900));
            if (to is TaskStatus.Queued or TaskStatus.Paused) Assert.Null(farm.Task(task.Id).WorkerId);
        }
        else
        {
            Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal);
            Assert.Empty(decision.Events);
            Assert.Equal(task, farm.Task(task.Id));
        }
    }

    [Theory]
    [InlineData(TaskStatus.Completed)]
    [InlineData(TaskStatus.Failed)]
    [InlineData(TaskStatus.Canceled)]
    public void Rendering_a_finished_task_again_starts_attempts_and_failed_by_afresh(TaskStatus final)
    {
        var farm = new RulesDriver();
        var task = farm.TaskIn(final);
        if (final == TaskStatus.Failed)
        {
            Assert.Equal([900L], task.FailedByWorkers);
            Assert.Equal(1, task.Attempts);
            Assert.Equal("boom", task.Error);
        }

        var decision = farm.FromOperator(task.Id, TaskStatus.Queued);

        Assert.True(Assert.IsType<TaskStatusChangedByOperator>(Assert.Single(decision.Events)).Restart);
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Queued, after.Status);
        Assert.Equal(0, after.Attempts);
        Assert.Empty(after.FailedByWorkers);
        Assert.Null(after.Error);
        Assert.Null(after.FrameCurrent);
        Assert.Null(after.WorkerId);
        Assert.Equal("queued again by operator", after.Activity);
        Assert.Equal(task.Id, farm.Claimed(900)); // the worker that failed it may render it again
        Assert.Equal(1, farm.Task(task.Id).Attempts);
    }

    [Fact]
    public void Requeue_pause_and_cancel_keep_the_attempt_count_and_failed_by_list()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.FromWorker(task.Id, 1, TaskStatus.Failed);
        farm.Claimed(2);

        var requeue = farm.FromOperator(task.Id, TaskStatus.Queued);
        Assert.False(Assert.IsType<TaskStatusChangedByOperator>(Assert.Single(requeue.Events)).Restart);
        Assert.Equal("requeued by operator", farm.Task(task.Id).Activity);
        farm.FromOperator(task.Id, TaskStatus.Paused);
        Assert.Equal("paused by operator", farm.Task(task.Id).Activity);
        farm.FromOperator(task.Id, TaskStatus.Queued);
        farm.FromOperator(task.Id, TaskStatus.Canceled);

        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Canceled, after.Status);
        Assert.Equal("canceled by operator", after.Activity);
        Assert.Equal(2, after.Attempts);
        Assert.Equal([1L], after.FailedByWorkers);
        Assert.Equal(1, farm.State.FailureCount(1, "blender_render"));
    }

    [Fact]
    public void Requeueing_a_rendering_task_frees_the_worker_and_fences_it_out()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        farm.FromOperator(task.Id, TaskStatus.Queued);

        Assert.Null(farm.State.HeldTask(1));
        Assert.Equal([task.Id], farm.QueueOrder());
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 1, TaskStatus.Rendering, frame: 1).Outcome.Refusal);
        Assert.Equal(task.Id, farm.Claimed(2));
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 1, TaskStatus.Completed).Outcome.Refusal);
    }

    [Fact]
    public void Canceling_a_rendering_task_keeps_its_last_holder_but_no_longer_counts_it_as_held()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(3);

        farm.FromOperator(task.Id, TaskStatus.Canceled);

        Assert.Equal(3, farm.Task(task.Id).WorkerId);
        Assert.Null(farm.State.HeldTask(3));
        Assert.Empty(farm.State.Queue);
    }

    [Fact]
    public void A_priority_change_reorders_the_queue()
    {
        var farm = new RulesDriver();
        var a = farm.Submitted(RulesDriver.Exec(priority: 0));
        var b = farm.Submitted(RulesDriver.Exec(priority: 0));
        var c = farm.Submitted(RulesDriver.Exec(priority: 5));
        Assert.Equal([c.Id, a.Id, b.Id], farm.QueueOrder());

        var raise = farm.FromOperator(b.Id, priority: 10);
        var lower = farm.FromOperator(c.Id, priority: -1);

        Assert.Equal(10, Assert.IsType<TaskPriorityChanged>(Assert.Single(raise.Events)).Priority);
        Assert.IsType<TaskPriorityChanged>(Assert.Single(lower.Events));
        Assert.Equal([b.Id, a.Id, c.Id], farm.QueueOrder());
        Assert.Equal(3, farm.State.Queue.Count);
        Assert.Equal(b.Id, farm.Claimed(1));
        Assert.Equal(a.Id, farm.Claimed(2));
        Assert.Equal(c.Id, farm.Claimed(3));
    }

    [Fact]
    public void The_same_priority_is_no_event_and_a_rendering_tasks_priority_can_change()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec(priority: 4));

        Assert.Empty(farm.FromOperator(task.Id, priority: 4).Events);

        farm.Claimed(1);
        Assert.Single(farm.FromOperator(task.Id, priority: 9).Events);
        Assert.Equal(9, farm.Task(task.Id).Priority);
        Assert.Empty(farm.State.Queue);
        Assert.Equal(task.Id, farm.State.HeldTask(1));
    }

    [Fact]
    public void Status_and_priority_in_one_update_both_apply_and_a_forbidden_status_changes_nothing()
    {
        var farm = new RulesDriver();
        var first = farm.Submitted(RulesDriver.Exec(priority: 5));
        var task = farm.Submitted(RulesDriver.Exec(priority: 0));
        farm.FromOperator(task.Id, TaskStatus.Paused);

        var both = farm.FromOperator(task.Id, TaskStatus.Queued, priority: 50);
        Assert.Equal(2, both.Events.Count);
        Assert.Equal([task.Id, first.Id], farm.QueueOrder());

        var forbidden = farm.FromOperator(task.Id, TaskStatus.Completed, priority: 1);
        Assert.IsType<Refusal.Conflict>(forbidden.Outcome.Refusal);
        Assert.Empty(forbidden.Events);
        Assert.Equal(50, farm.Task(task.Id).Priority);
    }

    [Fact]
    public void Updating_an_unknown_task_is_not_found()
    {
        var farm = new RulesDriver();
        Assert.IsType<Refusal.NotFound>(farm.FromOperator(5, TaskStatus.Paused).Outcome.Refusal);
        Assert.IsType<Refusal.NotFound>(farm.FromOperator(5, priority: 2).Outcome.Refusal);
    }

    [Fact]
    public void Deleting_removes_the_task_from_the_queue_and_remembers_the_id()
    {
        var farm = new RulesDriver();
        var a = farm.Submitted(RulesDriver.Exec());
        var b = farm.Submitted(RulesDriver.Exec());

        var decision = farm.Delete(a.Id);

        Assert.Null(decision.Outcome.Refusal);
        Assert.Equal(a.Id, Assert.IsType<TaskDeleted>(Assert.Single(decision.Events)).TaskId);
        Assert.False(farm.State.Tasks.ContainsKey(a.Id));
        Assert.Contains(a.Id, farm.State.DeletedIds);
        Assert.Equal([b.Id], farm.QueueOrder());
        Assert.Equal(b.Id, farm.Claimed(1));
        Assert.Null(farm.Claimed(RulesDriver.Worker(2)));
        Assert.IsType<Refusal.NotFound>(farm.FromOperator(a.Id, TaskStatus.Queued).Outcome.Refusal);
    }

    [Fact]
    public void Deleting_a_rendering_task_frees_its_worker_for_new_work()
    {
        var farm = new RulesDriver();
        var a = farm.Submitted(RulesDriver.Exec(priority: 5));
        var b = farm.Submitted(RulesDriver.Exec());
        farm.Claimed(1);

        farm.Delete(a.Id);

        Assert.Null(farm.State.HeldTask(1));
        var next = farm.Claim(RulesDriver.Worker(1));
        Assert.IsType<TaskAssigned>(Assert.Single(next.Events)); // no hand-back of the deleted task
        Assert.Equal(b.Id, farm.State.HeldTask(1));
    }

    [Fact]
    public void Deleting_an_unknown_or_already_deleted_task_is_not_found()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec());
        farm.Delete(task.Id);

        var again = farm.Delete(task.Id);
        Assert.IsType<Refusal.NotFound>(again.Outcome.Refusal);
        Assert.Empty(again.Events);
        Assert.IsType<Refusal.NotFound>(farm.Delete(99).Outcome.Refusal);
    }

    [Theory]
    [InlineData(TaskStatus.Completed)]
    [InlineData(TaskStatus.Failed)]
    [InlineData(TaskStatus.Paused)]
    [InlineData(TaskStatus.Canceled)]
    public void Tasks_in_any_status_can_be_deleted(TaskStatus status)
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults };
        var task = farm.TaskIn(status);

        Assert.Null(farm.Delete(task.Id).Outcome.Refusal);
        Assert.Empty(farm.State.Tasks);
        Assert.Empty(farm.State.Queue);
        Assert.Empty(farm.State.TaskHeldByWorker);
    }
}
