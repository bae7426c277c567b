using Manager.Actors.Jobs;
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
        // previews (frames 1, 3) before its rest (frame 2).
        Assert.Equal([lonePreferred.Id, lone.Id, high.TaskIds[0], high.TaskIds[1], low.TaskIds[0], low.TaskIds[1], low.TaskIds[2]],
            farm.QueueOrder());
        Assert.Equal(lonePreferred.Id, farm.Claimed(1));
    }

    [Fact]
    public void Among_jobs_of_one_priority_every_preview_comes_before_any_other_task()
    {
        var farm = new RulesDriver();
        var first = farm.SubmittedJob(RulesDriver.Job("1-3", previewFirst: true, step: 10));  // previews 1, 3; then 2
        var second = farm.SubmittedJob(RulesDriver.Job("1-3", previewFirst: true, step: 10)); // previews 1, 3; then 2

        Assert.Equal([first.TaskIds[0], first.TaskIds[1], second.TaskIds[0], second.TaskIds[1], first.TaskIds[2], second.TaskIds[2]],
            farm.QueueOrder());
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
