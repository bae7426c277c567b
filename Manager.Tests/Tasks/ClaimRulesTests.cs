using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class ClaimRulesTests
{
    [Fact]
    public void A_claim_assigns_the_task_in_one_event_that_sets_rendering_worker_attempt_and_token()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());

        var decision = farm.Claim(RulesDriver.Worker(3));

        var assigned = Assert.IsType<TaskAssigned>(Assert.Single(decision.Events));
        Assert.Equal(task.Id, assigned.TaskId);
        Assert.Equal(3, assigned.WorkerId);
        Assert.Equal(1, assigned.Assignment);
        Assert.Equal(new HeldTask(task.Id), decision.Outcome.Value);

        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Rendering, after.Status);
        Assert.Equal(3, after.WorkerId);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(1, after.Assignment);
        Assert.Equal("rendering on render-03", after.Activity);
        Assert.Equal(task.Id, farm.State.HeldTask(3));
        Assert.Empty(farm.State.Queue);
    }

    [Fact]
    public void An_empty_queue_answers_null_without_events()
    {
        var farm = new RulesDriver();
        var decision = farm.Claim(RulesDriver.Worker(1));

        Assert.Equal(new HeldTask(null), decision.Outcome.Value);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Tasks_go_out_by_priority_descending_then_submission_order_not_id_order()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Exec(taskId: 30, priority: 0));
        farm.Submitted(RulesDriver.Exec(taskId: 10, priority: 0));
        farm.Submitted(RulesDriver.Exec(taskId: 20, priority: 5));
        farm.Submitted(RulesDriver.Exec(taskId: 5, priority: -1));
        farm.Submitted(RulesDriver.Exec(taskId: 25, priority: 5));

        Assert.Equal([20L, 25L, 30L, 10L, 5L], farm.QueueOrder());
        var order = Enumerable.Range(1, 5).Select(w => farm.Claimed(w)).ToList();
        Assert.Equal([20L, 25L, 30L, 10L, 5L], order);
        Assert.Null(farm.Claimed(RulesDriver.Worker(6)));
    }

    [Fact]
    public void A_task_runs_only_on_a_worker_that_has_all_its_tags()
    {
        var farm = new RulesDriver();
        var tagged = farm.Submitted(RulesDriver.Exec(priority: 10, tags: ["gpu", "linux"]));
        var untagged = farm.Submitted(RulesDriver.Exec(priority: 0));

        Assert.Equal(untagged.Id, farm.Claimed(RulesDriver.Worker(1, tags: ["gpu"])));
        Assert.Null(farm.Claimed(RulesDriver.Worker(2, tags: ["linux", "cpu"])));
        Assert.Null(farm.Claimed(RulesDriver.Worker(3)));
        Assert.Null(farm.Claimed(RulesDriver.Worker(4, tags: ["GPU", "LINUX"])));
        Assert.Equal(tagged.Id, farm.Claimed(RulesDriver.Worker(5, tags: ["linux", "x", "gpu"])));
    }

    [Fact]
    public void A_worker_gets_only_types_it_supports_and_an_empty_list_means_all()
    {
        var farm = new RulesDriver();
        var blender = farm.Submitted(RulesDriver.Blender(priority: 10));
        var exec = farm.Submitted(RulesDriver.Exec(priority: 0));
        var blender2 = farm.Submitted(RulesDriver.Blender(priority: 0));

        Assert.Equal(exec.Id, farm.Claimed(RulesDriver.Worker(1, types: ["exec_command"])));
        Assert.Null(farm.Claimed(RulesDriver.Worker(2, types: ["exec_command", "ffmpeg"])));
        Assert.Equal(blender.Id, farm.Claimed(RulesDriver.Worker(3, types: ["blender_render"])));
        Assert.Equal(blender2.Id, farm.Claimed(RulesDriver.Worker(4, types: [])));
    }

    [Fact]
    public void A_worker_never_gets_a_task_it_failed_but_another_worker_does()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        Assert.Equal(task.Id, farm.Claimed(1));
        farm.FromWorker(task.Id, 1, TaskStatus.Failed, log: "Error: out of memory\n");
        Assert.Equal(TaskStatus.Queued, farm.Task(task.Id).Status);

        Assert.Null(farm.Claimed(RulesDriver.Worker(1)));
        Assert.Equal(task.Id, farm.Claimed(2));
    }

    [Fact]
    public void A_worker_is_blocklisted_for_a_type_after_blocklist_threshold_failures_of_that_type()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { BlocklistThreshold = 2, TaskMaxAttempts = 5 } };
        var a = farm.Submitted(RulesDriver.Blender(priority: 9));
        var b = farm.Submitted(RulesDriver.Blender(priority: 8));
        var c = farm.Submitted(RulesDriver.Blender(priority: 7));
        var exec = farm.Submitted(RulesDriver.Exec(priority: 0));

        Assert.Equal(a.Id, farm.Claimed(1));
        farm.FromWorker(a.Id, 1, TaskStatus.Failed);
        Assert.Equal(1, farm.State.FailureCount(1, "blender_render"));
        Assert.Equal(b.Id, farm.Claimed(1)); // one failure: still eligible for other blender tasks
        farm.FromWorker(b.Id, 1, TaskStatus.Failed);
        Assert.Equal(2, farm.State.FailureCount(1, "blender_render"));

        // c is a blender task it never failed, but the type is blocked now; exec is still fine.
        Assert.Equal(exec.Id, farm.Claimed(1));
        Assert.Equal(["blender_render"], Scheduling.BlockedTypes(1, farm.State, farm.Settings.BlocklistThreshold));
        Assert.Empty(Scheduling.BlockedTypes(2, farm.State, farm.Settings.BlocklistThreshold));
        var view = Assert.Single(TaskQueryAnswers.Assignments(farm.State, [1], farm.Settings.BlocklistThreshold));
        Assert.Equal(exec.Id, view.CurrentTask);
        Assert.Equal(["blender_render"], view.BlockedTypes);

        Assert.Equal(a.Id, farm.Claimed(2)); // other workers are not affected
        Assert.Equal(TaskStatus.Queued, farm.Task(c.Id).Status);

        // Raising the threshold takes effect at once.
        farm.Settings = farm.Settings with { BlocklistThreshold = 3 };
        Assert.True(Scheduling.IsRunnableBy(farm.Task(c.Id), RulesDriver.Worker(1).Worker, farm.State, 3));
        Assert.False(Scheduling.IsRunnableBy(farm.Task(c.Id), RulesDriver.Worker(1).Worker, farm.State, 2));
    }

    [Fact]
    public void Clearing_the_blocklist_makes_the_type_eligible_again()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { BlocklistThreshold = 1 } };
        var a = farm.Submitted(RulesDriver.Blender());
        var b = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.FromWorker(a.Id, 1, TaskStatus.Failed);
        Assert.Null(farm.Claimed(RulesDriver.Worker(1)));

        var cleared = farm.ClearBlocklist(1);
        Assert.IsType<WorkerBlocklistCleared>(Assert.Single(cleared.Events));
        Assert.Equal(0, farm.State.FailureCount(1, "blender_render"));
        Assert.Equal(b.Id, farm.Claimed(1)); // still never the task it failed itself
        Assert.Empty(farm.ClearBlocklist(99).Events);
    }

    [Fact]
    public void A_worker_that_claims_while_holding_a_task_hands_it_back_without_counting_a_failure()
    {
        var farm = new RulesDriver();
        var high = farm.Submitted(RulesDriver.Blender(priority: 5));
        var low = farm.Submitted(RulesDriver.Blender(priority: 1));
        Assert.Equal(high.Id, farm.Claimed(1));

        var decision = farm.Claim(RulesDriver.Worker(1));

        Assert.Collection(decision.Events,
            e => Assert.Equal(high.Id, Assert.IsType<TaskRequeued>(e).TaskId),
            e =>
            {
                var assigned = Assert.IsType<TaskAssigned>(e);
                Assert.Equal(high.Id, assigned.TaskId); // back in its place, the best task again
                Assert.Equal(2, assigned.Assignment);
            });
        var task = farm.Task(high.Id);
        Assert.Empty(task.FailedByWorkers);
        Assert.Null(task.Error);
        Assert.Equal(0, farm.State.FailureCount(1, "blender_render"));
        Assert.Equal(TaskStatus.Queued, farm.Task(low.Id).Status);
        Assert.Equal(high.Id, farm.State.HeldTask(1));
        Assert.Single(farm.State.TaskHeldByWorker);
    }

    [Fact]
    public void A_handed_back_task_takes_its_place_in_the_order_among_the_queued_ones()
    {
        var farm = new RulesDriver();
        var only = farm.Submitted(RulesDriver.Blender(priority: 1));
        Assert.Equal(only.Id, farm.Claimed(1));
        Assert.Equal(only.Id, farm.Claimed(1)); // nothing else queued: the same task again

        var better = farm.Submitted(RulesDriver.Blender(priority: 5));
        var worse = farm.Submitted(RulesDriver.Blender(priority: 0));
        Assert.Equal(better.Id, farm.Claimed(1));
        Assert.Equal([only.Id, worse.Id], farm.QueueOrder());
    }

    [Fact]
    public void A_disabled_worker_that_held_a_task_only_hands_it_back_and_the_attempt_count_stays()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        Assert.Equal(1, farm.Task(task.Id).Attempts);

        var decision = farm.Claim(RulesDriver.Worker(1, enabled: false));

        var requeued = Assert.IsType<TaskRequeued>(Assert.Single(decision.Events));
        Assert.Contains("render-01", requeued.Reason);
        Assert.Equal(new HeldTask(null), decision.Outcome.Value);
        var after = farm.Task(task.Id);
        Assert.Equal(TaskStatus.Queued, after.Status);
        Assert.Null(after.WorkerId);
        Assert.Equal(1, after.Attempts);
        Assert.Empty(after.FailedByWorkers);
        Assert.Null(farm.State.HeldTask(1));
        Assert.Equal([task.Id], farm.QueueOrder());
    }

    [Fact]
    public void A_disabled_worker_gets_nothing()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Blender());
        farm.Submitted(RulesDriver.Exec());

        var decision = farm.Claim(RulesDriver.Worker(1, enabled: false));

        Assert.Equal(new HeldTask(null), decision.Outcome.Value);
        Assert.Empty(decision.Events);
        Assert.Equal(2, farm.State.Queue.Count);
    }

    [Fact]
    public void Workers_claiming_one_after_the_other_never_get_the_same_task()
    {
        var farm = new RulesDriver();
        for (var i = 0; i < 5; i++) farm.Submitted(i % 2 == 0 ? RulesDriver.Blender(priority: i % 3) : RulesDriver.Exec(priority: i % 3));

        var claimed = Enumerable.Range(1, 7).Select(w => farm.Claimed(RulesDriver.Worker(w))).ToList();

        var given = claimed.OfType<long>().ToList();
        Assert.Equal(5, given.Count);
        Assert.Equal(5, given.Distinct().Count());
        Assert.Equal([null, null], claimed.Skip(5));
        Assert.Equal(5, farm.State.TaskHeldByWorker.Count);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], farm.Journal.OfType<TaskAssigned>().Select(a => a.Assignment));
        Assert.All(farm.State.TaskHeldByWorker, kv => Assert.Equal(kv.Key, farm.Task(kv.Value).WorkerId));
    }

    [Fact]
    public void A_later_claim_by_a_second_worker_does_not_steal_the_first_workers_task()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        Assert.Equal(task.Id, farm.Claimed(1));

        Assert.Null(farm.Claimed(RulesDriver.Worker(2)));
        Assert.Equal(1, farm.Task(task.Id).WorkerId);
        Assert.Equal(task.Id, farm.State.HeldTask(1));
        Assert.Null(farm.State.HeldTask(2));
    }
}
