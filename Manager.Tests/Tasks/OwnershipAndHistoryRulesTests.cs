using Manager.Actors.Common;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>Who may change a task (its owner or an operator), and what its history records.</summary>
public class OwnershipAndHistoryRulesTests
{
    private static readonly Caller Alice = new("alice", TokenId: 7, IsOperator: false);
    private static readonly Caller Bob = new("bob", TokenId: 8, IsOperator: false);
    private static readonly Caller Root = new("root", TokenId: 1, IsOperator: true);

    [Fact]
    public void A_submitter_owns_what_it_submits()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender() with { Caller = Alice });

        Assert.Equal("alice", task.SubmittedBy);
        Assert.Equal(7, task.OwnerTokenId);
        Assert.Equal([new TaskHistoryEntry(task.CreatedAt, "alice", TaskStatus.Queued, "submitted")], task.History);
    }

    [Fact]
    public void Another_submitter_may_neither_change_nor_delete_the_task_and_nothing_happens()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender() with { Caller = Alice });

        var change = farm.Run(TaskRules.UpdateFromOperator(farm.State, new UpdateTaskFromOperator(task.Id, TaskStatus.Canceled, 5, Bob), farm.Settings, farm.Now));
        var delete = farm.Run(TaskRules.Delete(farm.State, new DeleteTask(task.Id, Bob), farm.Now));

        Assert.Contains("alice", Assert.IsType<Refusal.Forbidden>(change.Outcome.Refusal).Detail);
        Assert.IsType<Refusal.Forbidden>(delete.Outcome.Refusal);
        Assert.Empty(change.Events);
        Assert.Empty(delete.Events);
        Assert.Equal(task, farm.Task(task.Id));
    }

    [Fact]
    public void The_owner_and_any_operator_may_change_it_and_are_recorded_as_by()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender() with { Caller = Alice });

        var paused = farm.Run(TaskRules.UpdateFromOperator(farm.State, new UpdateTaskFromOperator(task.Id, TaskStatus.Paused, 3, Alice), farm.Settings, farm.Now));
        var canceled = farm.Run(TaskRules.UpdateFromOperator(farm.State, new UpdateTaskFromOperator(task.Id, TaskStatus.Canceled, null, Root), farm.Settings, farm.Now));

        Assert.Equal("alice", Assert.IsType<TaskStatusChangedByOperator>(paused.Events[0]).By);
        Assert.Equal("alice", Assert.IsType<TaskPriorityChanged>(paused.Events[1]).By);
        Assert.Equal("root", Assert.IsType<TaskStatusChangedByOperator>(Assert.Single(canceled.Events)).By);
        Assert.Equal(TaskStatus.Canceled, farm.Task(task.Id).Status);
    }

    [Fact]
    public void A_task_submitted_without_an_owner_is_changed_by_operators_only()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());

        var decision = farm.Run(TaskRules.UpdateFromOperator(farm.State, new UpdateTaskFromOperator(task.Id, TaskStatus.Paused, null, Alice), farm.Settings, farm.Now));

        Assert.IsType<Refusal.Forbidden>(decision.Outcome.Refusal);
    }

    [Fact]
    public void The_history_records_every_status_change_with_who_made_it_and_why()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender() with { Caller = Alice });
        farm.Claimed(900);
        farm.Lost(900, "requeued: worker render-900 silent for 30 s");
        farm.Claimed(901);
        farm.FromWorker(task.Id, 901, TaskStatus.Completed);

        Assert.Equal(
            [
                ("alice", TaskStatus.Queued, "submitted"),
                ("worker:900", TaskStatus.Rendering, "rendering on render-900"),
                ("manager", TaskStatus.Queued, "requeued: worker render-900 silent for 30 s"),
                ("worker:901", TaskStatus.Rendering, "rendering on render-901"),
                ("worker:901", TaskStatus.Completed, "completed"),
            ],
            farm.Task(task.Id).History!.Select(h => (h.By, h.Status, h.Reason)).ToList());
    }

    [Fact]
    public void The_history_keeps_the_latest_entries_when_it_reaches_its_bound()
    {
        IReadOnlyList<TaskHistoryEntry>? history = null;
        for (var i = 0; i < TaskHistory.MaxEntries + 5; i++)
            history = TaskHistory.Append(history, new TaskHistoryEntry(DateTimeOffset.UnixEpoch, $"by-{i}", TaskStatus.Queued, "r"));

        Assert.Equal(TaskHistory.MaxEntries, history!.Count);
        Assert.Equal("by-5", history[0].By);
        Assert.Equal($"by-{TaskHistory.MaxEntries + 4}", history[^1].By);
    }
}
