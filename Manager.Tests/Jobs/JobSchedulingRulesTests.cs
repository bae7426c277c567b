using Manager.Actors.Jobs;
using Manager.Actors.Tasks;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Jobs;

/// <summary>Claims with jobs: dependencies hold tasks out of the queue until they complete, and the claim order is job
/// priority, previews, task priority, submission.</summary>
public class JobSchedulingRulesTests
{
    [Fact]
    public void The_video_task_is_claimable_only_once_every_render_task_completed()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-3", fps: 24));
        var video = job.TaskIds[^1];

        Assert.Equal(job.TaskIds.SkipLast(1), farm.QueueOrder());
        var first = farm.ClaimAndComplete(1);
        var second = farm.ClaimAndComplete(1);
        var third = farm.Claimed(1);
        Assert.Equal(job.TaskIds.SkipLast(1), [first, second, third]);
        Assert.Null(farm.Claimed(RulesDriver.Worker(2))); // the video waits for the third render
        farm.FromWorker(third, 1, TaskStatus.Completed);

        Assert.Equal([video], farm.QueueOrder());
        Assert.Equal(video, farm.Claimed(2));
    }

    [Fact]
    public void A_jobs_tasks_wait_for_the_jobs_it_depends_on_to_complete()
    {
        var farm = new RulesDriver();
        var first = farm.SubmittedJob(RulesDriver.Job("1-2"));
        var second = farm.SubmittedJob(RulesDriver.Job("3", dependsOn: [first.Id], priority: 100));

        Assert.Equal(first.TaskIds, farm.QueueOrder());
        Assert.StartsWith($"waiting for job {first.Id} (queued, 0 %)", farm.Summary(second.Id).Activity);
        farm.ClaimAndComplete(1);
        Assert.StartsWith($"waiting for job {first.Id} (active, 50 %)", farm.Summary(second.Id).Activity);
        farm.ClaimAndComplete(1);

        Assert.Equal(JobStatus.Completed, farm.JobOf(first.Id).Status);
        Assert.Equal(second.TaskIds, farm.QueueOrder());
    }

    [Fact]
    public void A_job_waiting_on_a_failed_job_says_so_and_runs_once_that_job_is_rendered_again_and_completes()
    {
        var farm = new RulesDriver { Settings = Manager.Actors.Settings.ManagerSettings.Defaults with { TaskMaxAttempts = 1 } };
        var first = farm.SubmittedJob(RulesDriver.Job("1"));
        var second = farm.SubmittedJob(RulesDriver.Job("2", dependsOn: [first.Id]));
        var task = farm.Claimed(1);
        farm.FromWorker(task, 1, TaskStatus.Failed, log: "Error: boom\n");

        Assert.Equal(JobStatus.Failed, farm.JobOf(first.Id).Status);
        Assert.Equal(JobStatus.Queued, farm.JobOf(second.Id).Status);
        Assert.Equal($"waiting: job {first.Id} it depends on failed", farm.Summary(second.Id).Activity);
        Assert.Empty(farm.QueueOrder());

        farm.UpdateJob(first.Id, JobStatus.Queued);
        farm.ClaimAndComplete(2);
        Assert.Equal(second.TaskIds, farm.QueueOrder());
    }

    [Fact]
    public void Claim_order_is_job_priority_then_previews_then_task_priority_then_submission()
    {
        var farm = new RulesDriver();
        var lone = farm.Submitted(RulesDriver.Blender(priority: 5));
        var low = farm.SubmittedJob(RulesDriver.Job("1-3", previewFirst: true, step: 2, priority: 1));
        var high = farm.SubmittedJob(RulesDriver.Job("1-4", chunk: 2, priority: 5));
        var lonePreferred = farm.Submitted(RulesDriver.Blender(priority: 9));

        // 9 (alone), then the priority-5 job and the priority-5 task in submission order, then the priority-1 job's
        // previews (frames 1, 3); its rest (frame 2) waits for them.
        Assert.Equal([lonePreferred.Id, lone.Id, high.TaskIds[0], high.TaskIds[1], low.TaskIds[0], low.TaskIds[1]],
            farm.QueueOrder());
        Assert.Equal(lonePreferred.Id, farm.Claimed(1));
    }

    [Fact]
    public void A_jobs_other_tasks_start_only_once_every_preview_finished_and_wait_again_when_one_renders_again()
    {
        var farm = new RulesDriver { Settings = Manager.Actors.Settings.ManagerSettings.Defaults with { TaskMaxAttempts = 1, JobFailPercent = 100 } };
        var job = farm.SubmittedJob(RulesDriver.Job("1-12", chunk: 3, previewFirst: true, step: 4));
        long[] previews = [.. job.TaskIds.Take(4)], rest = [.. job.TaskIds.Skip(4)];

        Assert.Equal(previews, farm.QueueOrder());
        Assert.Equal(previews[0], farm.ClaimAndComplete(1));
        Assert.Equal(previews[1], farm.ClaimAndComplete(1));
        Assert.Equal(previews[2], farm.Claimed(1));
        Assert.Equal(previews[3], farm.Claimed(2));
        farm.FromWorker(previews[2], 1, TaskStatus.Completed);
        Assert.Empty(farm.QueueOrder());
        Assert.Null(farm.Claimed(RulesDriver.Worker(1))); // a preview still renders on worker 2

        farm.FromWorker(previews[3], 2, TaskStatus.Failed, log: "Error: boom\n"); // finished too: a preview is no dependency
        Assert.Equal(rest, farm.QueueOrder());

        farm.FromOperator(previews[3], TaskStatus.Queued); // rendered again: the rest waits for it again
        Assert.Equal([previews[3]], farm.QueueOrder());
        Assert.Equal(previews[3], farm.ClaimAndComplete(3));
        Assert.Equal(rest, farm.QueueOrder());
    }

    [Fact]
    public void A_restored_state_holds_a_jobs_other_tasks_back_while_a_preview_is_unfinished()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-6", chunk: 2, previewFirst: true, step: 3));
        farm.ClaimAndComplete(1);
        var state = farm.State;

        // Tasks in reverse order: the restore must count the previews before it queues the rest.
        var restored = DispatcherState.Restore(state.Tasks.Values.Reverse(), [], state.FailuresByWorkerAndType, state.NextId,
            state.NextSubmitSeq, state.LastAssignment, state.Jobs.Values, [], state.NextJobId);

        Assert.Equal(farm.QueueOrder(), restored.Queue.Select(e => e.TaskId));
        Assert.All(restored.Queue, e => Assert.True(e.Preview, $"task {e.TaskId} is queued before the previews finished"));
    }

    [Fact]
    public void Among_jobs_of_one_priority_every_preview_comes_before_any_other_task()
    {
        var farm = new RulesDriver();
        var first = farm.SubmittedJob(RulesDriver.Job("1-3", previewFirst: true, step: 10));  // previews 1, 3; then 2
        var second = farm.SubmittedJob(RulesDriver.Job("1-3", previewFirst: true, step: 10)); // previews 1, 3; then 2

        Assert.Equal([first.TaskIds[0], first.TaskIds[1], second.TaskIds[0], second.TaskIds[1]], farm.QueueOrder());
        Assert.Equal(first.TaskIds[0], farm.ClaimAndComplete(1));
        Assert.Equal(first.TaskIds[1], farm.ClaimAndComplete(1));

        // The first job's frame 2 may start now, yet the second job's previews still come before it.
        Assert.Equal([second.TaskIds[0], second.TaskIds[1], first.TaskIds[2]], farm.QueueOrder());
    }

    [Fact]
    public void A_claim_reads_only_the_heads_of_the_shelves_however_many_tasks_wait_on_dependencies()
    {
        var farm = new RulesDriver();
        var blocker = farm.SubmittedJob(RulesDriver.Job("1"));
        for (var i = 0; i < 50; i++) farm.SubmittedJob(RulesDriver.Job("1-20", dependsOn: [blocker.Id]));

        Assert.Equal(blocker.TaskIds, farm.QueueOrder()); // the 1,000 waiting tasks are not in the queue at all
        farm.ClaimAndComplete(1);
        Assert.Equal(1_000, farm.State.Queue.Count);
    }
}
