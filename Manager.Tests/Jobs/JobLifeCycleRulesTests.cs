using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Jobs;

/// <summary>A job's status as its tasks change (JobFollowUps carrying out JobStatusRules), and the operator's job actions.</summary>
public class JobLifeCycleRulesTests
{
    private static IEnumerable<JobStatusChanged> StatusChanges(RulesDriver farm, long jobId) =>
        farm.Journal.OfType<JobStatusChanged>().Where(e => e.JobId == jobId);

    [Fact]
    public void A_job_is_queued_then_active_then_completed_each_change_one_event_with_its_reason()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-2"));

        var first = farm.Claimed(1);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        farm.FromWorker(first, 1, TaskStatus.Completed, timeCost: 8);
        Assert.Equal(0.5, farm.Summary(job.Id).Progress);
        Assert.Equal(8, farm.Summary(job.Id).EtaSeconds);
        farm.ClaimAndComplete(1);

        Assert.Equal(JobStatus.Completed, farm.JobOf(job.Id).Status);
        Assert.Equal([(JobStatus.Active, false), (JobStatus.Completed, false)], StatusChanges(farm, job.Id).Select(e => (e.Status, e.CancelUnfinished)));
        Assert.Equal("completed: all 2 tasks completed", StatusChanges(farm, job.Id).Last().Reason);
        var summary = farm.Summary(job.Id);
        Assert.Equal((1.0, 2L, (double?)null), (summary.Progress, summary.FramesDone, summary.EtaSeconds));
    }

    [Fact]
    public void With_job_fail_percent_0_the_first_failed_task_fails_the_job_and_cancels_the_unfinished_ones()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { JobFailPercent = 0, TaskMaxAttempts = 1 } };
        var job = farm.SubmittedJob(RulesDriver.Job("1-4"));
        var failing = farm.Claimed(1);
        var rendering = farm.Claimed(2);

        farm.FromWorker(failing, 1, TaskStatus.Failed, log: "Error: boom\n");

        Assert.Equal(JobStatus.Failed, farm.JobOf(job.Id).Status);
        Assert.True(StatusChanges(farm, job.Id).Last().CancelUnfinished);
        Assert.Equal([TaskStatus.Failed, TaskStatus.Canceled, TaskStatus.Canceled, TaskStatus.Canceled], job.TaskIds.Select(id => farm.Task(id).Status));
        Assert.Empty(farm.QueueOrder());
        // The worker rendering a canceled task is told to stop at its next contact.
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(rendering, 2, frame: 3).Outcome.Refusal);
        Assert.Null(farm.State.HeldTask(2));
    }

    [Fact]
    public void Below_job_fail_percent_a_failed_task_leaves_the_job_running()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { JobFailPercent = 50, TaskMaxAttempts = 1 } };
        var job = farm.SubmittedJob(RulesDriver.Job("1-4"));
        farm.FromWorker(farm.Claimed(1), 1, TaskStatus.Failed);

        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal(3, farm.QueueOrder().Count);
        farm.FromWorker(farm.Claimed(2), 2, TaskStatus.Failed); // 2 of 4 = 50 %

        Assert.Equal(JobStatus.Failed, farm.JobOf(job.Id).Status);
        Assert.StartsWith("failed: 2 of 4 tasks failed (50 % ≥ job_fail_percent 50 %)", StatusChanges(farm, job.Id).Last().Reason);
    }

    [Fact]
    public void Rendering_the_failed_task_of_a_job_that_failed_below_job_fail_percent_again_makes_it_active_then_completed()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { JobFailPercent = 50, TaskMaxAttempts = 1 } };
        var job = farm.SubmittedJob(RulesDriver.Job("1-4"));
        var failed = farm.Claimed(1);
        farm.FromWorker(failed, 1, TaskStatus.Failed);
        for (var i = 0; i < 3; i++) farm.ClaimAndComplete(2);
        Assert.Equal(JobStatus.Failed, farm.JobOf(job.Id).Status); // rule 3: 1 of 4 (25 % < 50 %), nothing left

        Assert.Null(farm.FromOperator(failed, TaskStatus.Queued).Outcome.Refusal);

        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal("0 tasks rendering, 3 of 4 completed", StatusChanges(farm, job.Id).Last().Reason);
        Assert.Equal(failed, farm.ClaimAndComplete(3));
        Assert.Equal(JobStatus.Completed, farm.JobOf(job.Id).Status);
    }

    [Fact]
    public void A_task_of_a_failed_job_queued_again_on_its_own_is_409_when_the_job_would_stay_failed_and_cancel_it_again()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 1 } }; // job_fail_percent 10
        var job = farm.SubmittedJob(RulesDriver.Job("1-4"));
        var failed = farm.Claimed(1);
        farm.FromWorker(failed, 1, TaskStatus.Failed); // 1 of 4 ≥ 10 %: failed, the other three canceled
        Assert.Equal(JobStatus.Failed, farm.JobOf(job.Id).Status);
        var journal = farm.Journal.Count;

        // A canceled task again: 1 of 4 still failed, so the job would stay failed and cancel it at once.
        var refused = Assert.IsType<Refusal.Conflict>(farm.FromOperator(job.TaskIds[1], TaskStatus.Queued).Outcome.Refusal);
        Assert.Contains($"job {job.Id} would stay failed (failed: 1 of 4 tasks failed (25 % ≥ job_fail_percent 10 %))", refused.Detail);
        Assert.Contains($"PATCH /jobs/{job.Id}", refused.Detail);
        Assert.Equal(journal, farm.Journal.Count);
        Assert.Equal(TaskStatus.Canceled, farm.Task(job.TaskIds[1]).Status);

        // The failed one again: nothing failed any more, the job is active; the tasks its failure canceled stay canceled.
        Assert.Null(farm.FromOperator(failed, TaskStatus.Queued).Outcome.Refusal);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal(failed, farm.ClaimAndComplete(2));
        Assert.Equal(JobStatus.Canceled, farm.JobOf(job.Id).Status); // 1 completed, 3 canceled
        farm.UpdateJob(job.Id, JobStatus.Queued);
        for (var i = 0; i < 3; i++) farm.ClaimAndComplete(2);
        Assert.Equal(JobStatus.Completed, farm.JobOf(job.Id).Status);
    }

    [Fact]
    public void The_canceled_video_of_a_failed_job_queued_again_is_409_while_a_render_task_it_needs_is_failed()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { JobFailPercent = 100, TaskMaxAttempts = 1 } };
        var job = farm.SubmittedJob(RulesDriver.Job("1-2", fps: 24)); // 1, 2, the video
        farm.FromWorker(farm.Claimed(1), 1, TaskStatus.Failed);
        farm.ClaimAndComplete(2);
        Assert.Equal(JobStatus.Failed, farm.JobOf(job.Id).Status); // rule 6: the video waits on a failed task
        Assert.Equal(TaskStatus.Canceled, farm.Task(job.TaskIds[2]).Status);

        Assert.IsType<Refusal.Conflict>(farm.FromOperator(job.TaskIds[2], TaskStatus.Queued).Outcome.Refusal);

        Assert.Null(farm.FromOperator(job.TaskIds[0], TaskStatus.Queued).Outcome.Refusal);
        Assert.Equal(job.TaskIds[0], farm.ClaimAndComplete(1));
        Assert.Equal(JobStatus.Canceled, farm.JobOf(job.Id).Status); // 2 completed, the video canceled
        Assert.Null(farm.FromOperator(job.TaskIds[2], TaskStatus.Queued).Outcome.Refusal);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal(job.TaskIds[2], farm.ClaimAndComplete(1));
        Assert.Equal(JobStatus.Completed, farm.JobOf(job.Id).Status);
    }

    [Fact]
    public void Get_jobs_by_status_reads_a_per_status_index_that_follows_every_change_and_a_snapshot()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 1 } };
        var ids = Enumerable.Range(0, 6).Select(_ => farm.SubmittedJob(RulesDriver.Job("1-2")).Id).ToList();
        farm.UpdateJob(ids[1], JobStatus.Canceled);
        farm.UpdateJob(ids[2], JobStatus.Paused);
        farm.FromWorker(farm.Claimed(1), 1, TaskStatus.Failed); // job 0 fails
        farm.Claimed(2); // job 3 active
        farm.UpdateJob(ids[4], JobStatus.Canceled);
        farm.DeleteJob(ids[4]);
        farm.UpdateJob(ids[1], JobStatus.Queued); // canceled, queued again

        string Page(DispatcherState state, JobStatus? status, long after = 0, int limit = 1000) =>
            string.Join(",", JobQueryAnswers.List(state, new ListJobs(status, after, limit), 10).Select(j => $"{j.Job.Id}:{j.Job.Status}"));
        foreach (var state in new[] { farm.State, DispatcherStateSnapshot.Of(farm.State).ToState() })
        {
            foreach (var status in Enum.GetValues<JobStatus>())
                Assert.Equal(string.Join(",", state.Jobs.Values.Where(j => j.Status == status).OrderBy(j => j.Id).Select(j => $"{j.Id}:{j.Status}")),
                    Page(state, status));
            Assert.Equal($"{ids[0]}:Failed", Page(state, JobStatus.Failed));
            Assert.Equal($"{ids[1]}:Queued,{ids[5]}:Queued", Page(state, JobStatus.Queued));
            Assert.Equal($"{ids[5]}:Queued", Page(state, JobStatus.Queued, after: ids[1]));
            Assert.Equal($"{ids[1]}:Queued", Page(state, JobStatus.Queued, limit: 1));
            Assert.Equal($"{ids[3]}:Active", Page(state, JobStatus.Active));
            Assert.Equal($"{ids[2]}:Paused", Page(state, JobStatus.Paused));
            Assert.Equal("", Page(state, JobStatus.Canceled));
        }
    }

    [Fact]
    public void Canceling_a_job_cancels_its_unfinished_tasks_in_one_recorded_change_by_the_caller()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-3"));
        var done = farm.ClaimAndComplete(1);
        var rendering = farm.Claimed(2);
        var alice = new Caller("alice", 3, IsOperator: true);

        farm.UpdateJob(job.Id, JobStatus.Canceled, caller: alice);

        var action = Assert.Single(farm.Journal.OfType<JobStatusChangedByOperator>());
        Assert.Equal((JobStatus.Canceled, "alice"), (action.Status, action.By));
        Assert.Equal([TaskStatus.Completed, TaskStatus.Canceled, TaskStatus.Canceled], job.TaskIds.Select(id => farm.Task(id).Status));
        Assert.Equal("alice", farm.Task(rendering).History![^1].By);
        Assert.Equal(JobStatus.Canceled, farm.JobOf(job.Id).Status);
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(rendering, 2, TaskStatus.Completed).Outcome.Refusal);
        Assert.Equal(TaskStatus.Completed, farm.Task(done).Status);
        // A canceled job cannot be canceled or paused again; it can be queued again.
        Assert.IsType<Refusal.Conflict>(farm.UpdateJob(job.Id, JobStatus.Canceled).Outcome.Refusal);
        Assert.IsType<Refusal.Conflict>(farm.UpdateJob(job.Id, JobStatus.Paused).Outcome.Refusal);
        farm.UpdateJob(job.Id, JobStatus.Queued);
        Assert.Equal([TaskStatus.Completed, TaskStatus.Queued, TaskStatus.Queued], job.TaskIds.Select(id => farm.Task(id).Status));
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
    }

    [Fact]
    public void A_paused_job_starts_no_new_task_lets_the_rendering_one_finish_and_resumes()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-3"));
        var rendering = farm.Claimed(1);

        farm.UpdateJob(job.Id, JobStatus.Paused);

        Assert.Equal(JobStatus.Paused, farm.JobOf(job.Id).Status);
        Assert.Null(farm.Claimed(RulesDriver.Worker(2)));
        Assert.Null(farm.FromWorker(rendering, 1, TaskStatus.Completed).Outcome.Refusal);
        Assert.Equal("paused by operator", farm.Summary(job.Id).Activity);
        Assert.IsType<Refusal.Conflict>(farm.UpdateJob(job.Id, JobStatus.Paused).Outcome.Refusal);

        farm.UpdateJob(job.Id, JobStatus.Queued);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal(job.TaskIds[1], farm.Claimed(2));
    }

    [Fact]
    public void A_job_whose_only_unfinished_previews_are_paused_is_paused_and_active_again_when_one_is_resumed()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-6", chunk: 2, previewFirst: true, step: 3)); // previews 1, 4, 6; then 2-3, 5
        Assert.Equal(job.TaskIds[0], farm.ClaimAndComplete(1));

        farm.FromOperator(job.TaskIds[1], TaskStatus.Paused);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status); // preview 6 may still run
        farm.FromOperator(job.TaskIds[2], TaskStatus.Paused);

        // The chunks are queued but wait for the paused previews: nothing can run until an operator resumes one.
        Assert.Empty(farm.QueueOrder());
        Assert.Equal(JobStatus.Paused, farm.JobOf(job.Id).Status);
        Assert.Equal("paused: 2 tasks paused by operator; nothing else can run", farm.Summary(job.Id).Activity);
        Assert.Equal("paused: 2 tasks paused by operator; nothing else can run", StatusChanges(farm, job.Id).Last().Reason);

        farm.FromOperator(job.TaskIds[2], TaskStatus.Queued);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
        Assert.Equal([job.TaskIds[2]], farm.QueueOrder());
    }

    [Fact]
    public void A_job_whose_video_waits_only_on_a_paused_render_task_is_paused()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-2", fps: 24)); // 1, 2, the video
        farm.ClaimAndComplete(1);

        farm.FromOperator(job.TaskIds[1], TaskStatus.Paused);

        Assert.Equal(JobStatus.Paused, farm.JobOf(job.Id).Status);
        farm.FromOperator(job.TaskIds[1], TaskStatus.Queued);
        Assert.Equal(JobStatus.Active, farm.JobOf(job.Id).Status);
    }

    [Fact]
    public void A_worker_handing_back_a_task_of_a_paused_job_does_not_get_it_again()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-2"));
        farm.Claimed(1);
        farm.UpdateJob(job.Id, JobStatus.Paused);

        Assert.Null(farm.Claimed(RulesDriver.Worker(1))); // it restarted: the task goes back, the job is paused
        Assert.Empty(farm.QueueOrder());
    }

    [Fact]
    public void Queuing_a_completed_job_again_renders_every_task_again_and_holds_back_the_jobs_that_depend_on_it()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-2", fps: 24));
        for (var i = 0; i < 3; i++) farm.ClaimAndComplete(1);
        Assert.Equal(JobStatus.Completed, farm.JobOf(job.Id).Status);
        var dependent = farm.SubmittedJob(RulesDriver.Job("5", dependsOn: [job.Id]));
        Assert.Equal(dependent.TaskIds, farm.QueueOrder());

        farm.UpdateJob(job.Id, JobStatus.Queued);

        Assert.All(job.TaskIds, id => Assert.Equal(TaskStatus.Queued, farm.Task(id).Status));
        Assert.Equal(job.TaskIds.SkipLast(1), farm.QueueOrder()); // the video waits again; so does the dependent job
        Assert.Equal(JobStatus.Queued, farm.JobOf(job.Id).Status);
        Assert.All(job.TaskIds, id => Assert.Equal(0, farm.Task(id).Attempts));
    }

    [Fact]
    public void A_priority_change_moves_the_jobs_queued_tasks_in_the_claim_order()
    {
        var farm = new RulesDriver();
        var lone = farm.Submitted(RulesDriver.Blender(priority: 5));
        var job = farm.SubmittedJob(RulesDriver.Job("1-2"));
        Assert.Equal([lone.Id, .. job.TaskIds], farm.QueueOrder());

        farm.UpdateJob(job.Id, priority: 6);

        Assert.Equal([.. job.TaskIds, lone.Id], farm.QueueOrder());
        Assert.Equal(6, farm.JobOf(job.Id).Priority);
        Assert.Single(farm.Journal.OfType<JobPriorityChanged>());
    }

    [Fact]
    public void Deleting_a_job_removes_it_and_its_tasks_for_good_unless_another_job_depends_on_it()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-2"));
        var rendering = farm.Claimed(1);
        var dependent = farm.SubmittedJob(RulesDriver.Job("3", dependsOn: [job.Id]));

        Assert.IsType<Refusal.Conflict>(farm.DeleteJob(job.Id).Outcome.Refusal);
        Assert.Equal(dependent.TaskIds, Assert.IsType<DeletedJob>(farm.DeleteJob(dependent.Id).Outcome.Value).TaskIds);
        Assert.Equal(job.TaskIds, farm.DeleteJob(job.Id).Outcome.Value!.TaskIds);

        Assert.Empty(farm.State.Jobs);
        Assert.Empty(farm.State.Tasks);
        Assert.Empty(farm.QueueOrder());
        Assert.Null(farm.State.HeldTask(1));
        Assert.IsType<Refusal.Conflict>(farm.FromWorker(rendering, 1, frame: 1).Outcome.Refusal);
        Assert.IsType<Refusal.NotFound>(farm.UpdateJob(job.Id, JobStatus.Canceled).Outcome.Refusal);
        var next = farm.SubmittedJob(RulesDriver.Job("1"));
        Assert.True(next.Id > dependent.Id);
        Assert.True(next.TaskIds[0] > dependent.TaskIds[^1]);
    }

    [Fact]
    public void A_task_of_a_job_is_deleted_only_with_its_job()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1"));

        var refusal = Assert.IsType<Refusal.Conflict>(farm.Delete(job.TaskIds[0]).Outcome.Refusal);
        Assert.Contains($"job {job.Id}", refusal.Detail);
    }

    [Fact]
    public void A_submitter_changes_and_deletes_only_its_own_jobs()
    {
        var farm = new RulesDriver();
        var owner = new Caller("pipeline", 9, IsOperator: false);
        var other = new Caller("intruder", 10, IsOperator: false);
        var job = farm.SubmittedJob(RulesDriver.Job("1", caller: owner));

        Assert.IsType<Refusal.Forbidden>(farm.UpdateJob(job.Id, JobStatus.Paused, caller: other).Outcome.Refusal);
        Assert.IsType<Refusal.Forbidden>(farm.DeleteJob(job.Id, other).Outcome.Refusal);
        Assert.Null(farm.UpdateJob(job.Id, JobStatus.Paused, caller: owner).Outcome.Refusal);
    }

    [Theory]
    [InlineData(JobStatus.Queued, false, JobStatus.Canceled, true)]
    [InlineData(JobStatus.Active, false, JobStatus.Paused, true)]
    [InlineData(JobStatus.Active, true, JobStatus.Paused, false)]
    [InlineData(JobStatus.Active, false, JobStatus.Queued, false)]
    [InlineData(JobStatus.Active, true, JobStatus.Queued, true)]
    [InlineData(JobStatus.Paused, false, JobStatus.Queued, true)]
    [InlineData(JobStatus.Completed, false, JobStatus.Queued, true)]
    [InlineData(JobStatus.Completed, false, JobStatus.Canceled, false)]
    [InlineData(JobStatus.Failed, false, JobStatus.Queued, true)]
    [InlineData(JobStatus.Failed, false, JobStatus.Paused, false)]
    [InlineData(JobStatus.Queued, false, JobStatus.Active, false)]
    public void Operator_job_transitions(JobStatus from, bool paused, JobStatus to, bool allowed) =>
        Assert.Equal(allowed, JobOperatorTransitions.IsAllowed(from, paused, to));
}
