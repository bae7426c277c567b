using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class WorkerUpdateRulesTests
{
    private const string FrameLine =
        "Fra:7 Mem:12.50M (Peak 13.00M) | Time:00:01.02 | Mem:0.00M, Peak:0.00M | Scene, ViewLayer | Sample 1/16\n";

    [Fact]
    public void The_holder_reports_frame_activity_and_time_cost()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, TaskStatus.Rendering, frame: 2, activity: "warming up", timeCost: 1.5);

        Assert.Null(decision.Outcome.Refusal);
        var progressed = Assert.IsType<TaskProgressed>(Assert.Single(decision.Events));
        Assert.Equal(2, progressed.FrameCurrent);
        var after = farm.Task(task.Id);
        Assert.Equal(2, after.FrameCurrent);
        Assert.Equal("warming up", after.Activity);
        Assert.Equal(1.5, after.TimeCost);
        Assert.Equal(TaskStatus.Rendering, after.Status);
    }

    [Fact]
    public void A_bare_rendering_heartbeat_from_the_holder_changes_nothing()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, TaskStatus.Rendering);

        Assert.Null(decision.Outcome.Refusal);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_log_chunk_goes_through_the_blender_parser_and_moves_frame_and_activity()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender(start: 1, end: 10));
        farm.Claimed(1);

        farm.FromWorker(task.Id, 1, log: "Blender 3.4.1\nFra:6 Mem:1M | Sample 0/16\n" + FrameLine);

        var after = farm.Task(task.Id);
        Assert.Equal(7, after.FrameCurrent);
        Assert.Equal("Frame 7: Sample 1/16", after.Activity);
        Assert.Null(after.Error);

        // An explicit field wins over what the parser read.
        farm.FromWorker(task.Id, 1, log: "Fra:8 Mem:1M | Sample 2/16\n", frame: 9, activity: "custom");
        Assert.Equal(9, farm.Task(task.Id).FrameCurrent);
        Assert.Equal("custom", farm.Task(task.Id).Activity);
    }

    [Fact]
    public void An_error_line_in_the_log_is_recorded_as_the_tasks_error()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, log: "Read blend: /srv/scene.blend\nError: Cannot read file '/srv/scene.blend': No such file\n");

        Assert.Equal("Cannot read file '/srv/scene.blend': No such file", Assert.IsType<TaskProgressed>(Assert.Single(decision.Events)).Error);
        Assert.Equal("Cannot read file '/srv/scene.blend': No such file", farm.Task(task.Id).Error);
        Assert.Equal(TaskStatus.Rendering, farm.Task(task.Id).Status);
    }

    [Fact]
    public void A_task_with_the_none_parser_does_not_interpret_its_log()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender(parser: "none"));
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, log: FrameLine + "Error: boom\n");

        Assert.Empty(decision.Events);
        Assert.Null(farm.Task(task.Id).FrameCurrent);
        Assert.Null(farm.Task(task.Id).Error);
    }

    [Fact]
    public void An_update_from_a_worker_that_does_not_hold_the_task_is_a_conflict()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        var queued = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        foreach (var status in new TaskStatus?[] { null, TaskStatus.Rendering, TaskStatus.Completed, TaskStatus.Failed })
        {
            var decision = farm.FromWorker(task.Id, 2, status, frame: 3);
            Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal);
            Assert.Empty(decision.Events);
        }
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(queued.Id, 1, TaskStatus.Rendering, frame: 1).Outcome.Refusal);

        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Rendering, after.Status);
        Assert.Equal(1, after.WorkerId);
        Assert.Null(after.FrameCurrent);
    }

    [Fact]
    public void An_unknown_task_is_not_found()
    {
        var farm = new RulesDriver();
        Assert.IsType<Refusal.NotFound>(farm.FromWorker(77, 1, TaskStatus.Rendering).Outcome.Refusal);
    }

    [Fact]
    public void A_status_a_worker_may_not_send_is_invalid()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var paused = farm.FromWorker(task.Id, 1, TaskStatus.Paused);
        var canceled = farm.FromWorker(task.Id, 1, TaskStatus.Canceled);

        Assert.Equal(["status"], Assert.IsType<Refusal.Invalid>(paused.Outcome.Refusal).Errors.Keys);
        Assert.IsType<Refusal.Invalid>(canceled.Outcome.Refusal);
        Assert.Equal(TaskStatus.Rendering, farm.Task(task.Id).Status);
    }

    [Fact]
    public void A_stale_assignment_token_is_a_conflict_after_the_task_was_reassigned()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        var firstToken = farm.Task(task.Id).Assignment;
        farm.Lost(1);
        farm.Claimed(2);
        var secondToken = farm.Task(task.Id).Assignment;
        Assert.True(secondToken > firstToken);

        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 1, TaskStatus.Completed, assignment: firstToken).Outcome.Refusal);
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 1, TaskStatus.Completed).Outcome.Refusal);
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 2, TaskStatus.Completed, assignment: firstToken).Outcome.Refusal);
        Assert.Equal(TaskStatus.Rendering, farm.Task(task.Id).Status);

        Assert.Null(farm.FromWorker(task.Id, 2, frame: 2, assignment: secondToken).Outcome.Refusal);
        Assert.Null(farm.FromWorker(task.Id, 2, TaskStatus.Completed).Outcome.Refusal);
        Assert.Equal(TaskStatus.Completed, farm.Task(task.Id).Status);
    }

    [Fact]
    public void The_same_worker_with_the_token_of_its_earlier_assignment_is_a_conflict()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        var oldToken = farm.Task(task.Id).Assignment;
        Assert.Equal(task.Id, farm.Claimed(1)); // restarted: handed back and assigned again

        var stale = farm.FromWorker(task.Id, 1, TaskStatus.Failed, assignment: oldToken);

        Assert.Contains("reassigned", Assert.IsType<Refusal.Conflict>(stale.Outcome.Refusal).Detail);
        Assert.Empty(stale.Events);
        Assert.Null(farm.FromWorker(task.Id, 1, TaskStatus.Rendering, frame: 1, assignment: oldToken + 1).Outcome.Refusal);
    }

    [Theory]
    [InlineData(TaskStatus.Canceled, "canceled")]
    [InlineData(TaskStatus.Paused, "paused")]
    [InlineData(TaskStatus.Queued, "")]
    public void Updates_for_a_task_the_operator_took_away_are_conflicts(TaskStatus operatorStatus, string detail)
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        Assert.Null(farm.FromOperator(task.Id, operatorStatus).Outcome.Refusal);

        foreach (var status in new TaskStatus?[] { TaskStatus.Rendering, TaskStatus.Completed, TaskStatus.Failed, null })
        {
            var decision = farm.FromWorker(task.Id, 1, status, frame: 2, log: "Fra:2\n");
            Assert.Contains(detail, Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal).Detail);
            Assert.Empty(decision.Events);
        }
        Assert.Equal(operatorStatus, farm.Task(task.Id).Status);
        Assert.Null(farm.State.HeldTask(1));
    }

    [Fact]
    public void Updates_for_a_deleted_task_are_conflicts_not_not_found()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.Delete(task.Id);

        var decision = farm.FromWorker(task.Id, 1, TaskStatus.Completed);
        Assert.Contains("deleted", Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal).Detail);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Completing_keeps_the_holder_and_repeating_the_completion_is_done_with_no_events()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(4);

        var done = farm.FromWorker(task.Id, 4, TaskStatus.Completed, log: "Fra:3 | Finished\n", timeCost: 12.5);

        Assert.Null(done.Outcome.Refusal);
        Assert.Contains(done.Events, e => e is TaskCompleted { WorkerId: 4, TimeCost: 12.5 });
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Completed, after.Status);
        Assert.Equal(4, after.WorkerId);
        Assert.Equal(3, after.FrameCurrent);
        Assert.Equal(12.5, after.TimeCost);
        Assert.Equal("completed", after.Activity);
        Assert.Null(farm.State.HeldTask(4));

        var repeat = farm.FromWorker(task.Id, 4, TaskStatus.Completed, log: "Fra:3 | Finished\n", timeCost: 12.5);
        Assert.Null(repeat.Outcome.Refusal);
        Assert.Empty(repeat.Events);
        Assert.Equal(after, farm.Task(task.Id));

        // Someone else claiming to have completed it is still a conflict, and so is a later progress report.
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 5, TaskStatus.Completed).Outcome.Refusal);
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(task.Id, 4, TaskStatus.Rendering, frame: 2).Outcome.Refusal);
    }

    [Fact]
    public void A_failure_with_attempts_left_requeues_the_task_and_records_the_worker()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, TaskStatus.Failed, log: "Fra:1\nError: CUDA error: out of memory\n", timeCost: 3);

        var failed = Assert.Single(decision.Events.OfType<TaskFailed>());
        Assert.False(failed.Final);
        Assert.Equal("CUDA error: out of memory", failed.Error);
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Queued, after.Status);
        Assert.Null(after.WorkerId);
        Assert.Equal([1L], after.FailedByWorkers);
        Assert.Equal(1, after.Attempts);
        Assert.Equal("CUDA error: out of memory", after.Error);
        Assert.Equal("requeued after failing on worker 1 (failed attempt 1 of 3)", after.Activity);
        Assert.Equal([task.Id], farm.QueueOrder());
        Assert.Null(farm.State.HeldTask(1));
        Assert.Equal(1, farm.State.FailureCount(1, "blender_render"));

        var repeat = farm.FromWorker(task.Id, 1, TaskStatus.Failed, log: "Error: CUDA error: out of memory\n");
        Assert.Null(repeat.Outcome.Refusal);
        Assert.Empty(repeat.Events);
        Assert.Equal(1, farm.State.FailureCount(1, "blender_render"));
    }

    [Fact]
    public void Without_an_error_line_the_last_log_line_is_the_failure_reason()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec());
        farm.Claimed(1);

        farm.FromWorker(task.Id, 1, TaskStatus.Failed, log: "starting\nexit code 3\n\n");

        Assert.Equal("exit code 3", farm.Task(task.Id).Error);
    }

    [Fact]
    public void After_task_max_attempts_failures_the_task_ends_failed_with_its_last_holder()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 2 } };
        var task = farm.Submitted(RulesDriver.Blender());

        farm.Claimed(1);
        farm.FromWorker(task.Id, 1, TaskStatus.Failed, log: "Error: first\n");
        Assert.Equal(TaskStatus.Queued, farm.Task(task.Id).Status);
        Assert.Equal(task.Id, farm.Claimed(2));
        var decision = farm.FromWorker(task.Id, 2, TaskStatus.Failed, log: "Error: second\n");

        Assert.True(Assert.Single(decision.Events.OfType<TaskFailed>()).Final);
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Failed, after.Status);
        Assert.Equal(2, after.WorkerId);
        Assert.Equal(2, after.Attempts);
        Assert.Equal([1L, 2L], after.FailedByWorkers);
        Assert.Equal("second", after.Error);
        Assert.StartsWith("failed on worker 2 after 2 failed attempt(s): second", after.Activity);
        Assert.Empty(farm.State.Queue);
        Assert.Null(farm.Claimed(RulesDriver.Worker(3)));

        var repeat = farm.FromWorker(task.Id, 2, TaskStatus.Failed, log: "Error: second\n");
        Assert.Null(repeat.Outcome.Refusal);
        Assert.Empty(repeat.Events);
    }

    [Fact]
    public void Assignments_lost_to_silent_workers_do_not_count_toward_task_max_attempts()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 2 } };
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.Lost(1);
        farm.Claimed(2);
        farm.Lost(2);
        farm.Claimed(3);

        farm.FromWorker(task.Id, 3, TaskStatus.Failed, log: "Error: first\n");

        var after = farm.Task(task.Id);
        Assert.Equal(3, after.Attempts); // attempts count assignments...
        Assert.Equal(TaskStatus.Queued, after.Status); // ...but only one of them failed, and 2 failures are allowed
    }

    [Fact]
    public void A_task_max_attempts_of_1_fails_on_the_first_failure()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 1 } };
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        farm.FromWorker(task.Id, 1, TaskStatus.Failed);

        Assert.Equal(TaskStatus.Failed, farm.Task(task.Id).Status);
    }

    [Fact]
    public void The_holder_may_hand_the_task_back_with_queued_without_a_failure()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);

        var decision = farm.FromWorker(task.Id, 1, TaskStatus.Queued);

        Assert.IsType<TaskRequeued>(Assert.Single(decision.Events));
        Assert.Equal(TaskStatus.Queued, farm.Task(task.Id).Status);
        Assert.Empty(farm.Task(task.Id).FailedByWorkers);
        Assert.Equal(task.Id, farm.Claimed(1));
    }

    [Fact]
    public void A_lost_worker_requeues_its_task_without_counting_a_failure()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        var other = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.Claimed(2);

        var decision = farm.Lost(1, "requeued: worker render-01 silent for 30 s");

        Assert.Null(decision.Outcome.Refusal);
        Assert.Equal(task.Id, Assert.IsType<TaskRequeued>(Assert.Single(decision.Events)).TaskId);
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Queued, after.Status);
        Assert.Null(after.WorkerId);
        Assert.Equal(1, after.Attempts);
        Assert.Empty(after.FailedByWorkers);
        Assert.Equal("requeued: worker render-01 silent for 30 s", after.Activity);
        Assert.Equal(0, farm.State.FailureCount(1, "blender_render"));
        Assert.Null(farm.State.HeldTask(1));
        Assert.Equal(other.Id, farm.State.HeldTask(2));
        Assert.Equal([task.Id], farm.QueueOrder());

        Assert.Empty(farm.Lost(1).Events);
        Assert.Empty(farm.Lost(42).Events);
        Assert.Equal(task.Id, farm.Claimed(1)); // it may have it again
    }
}
