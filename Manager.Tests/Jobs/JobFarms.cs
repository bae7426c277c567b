using Manager.Actors.Jobs;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Jobs;

internal static class JobFarms
{
    /// <summary>
    /// <see cref="DispatcherSnapshotTests.RealisticFarm"/> plus jobs in every kind of state: one under way with a video
    /// (two tasks completed, one rendering), one waiting on it, one paused, one canceled, one deleted.
    /// </summary>
    public static RulesDriver RealisticFarmWithJobs()
    {
        var farm = DispatcherSnapshotTests.RealisticFarm();
        var underWay = farm.SubmittedJob(RulesDriver.Job("1-3", fps: 24, priority: 100, tags: ["gpu"]));
        var waiting = farm.SubmittedJob(RulesDriver.Job("10-11", chunk: 2, priority: 100, dependsOn: [underWay.Id]));
        var paused = farm.SubmittedJob(RulesDriver.Job("1-4", previewFirst: true, step: 2, priority: 50));
        var canceled = farm.SubmittedJob(RulesDriver.Job("5-6", jobId: 77));
        var deleted = farm.SubmittedJob(RulesDriver.Job("7"));

        var gpu = RulesDriver.Worker(30, tags: ["gpu"]);
        foreach (var _ in new[] { 1, 2 })
        {
            var task = farm.Claimed(gpu) ?? throw new Xunit.Sdk.XunitException("no job task for the gpu worker");
            farm.FromWorker(task, 30, TaskStatus.Completed, timeCost: 10);
        }
        Assert.Equal(underWay.TaskIds[2], farm.Claimed(gpu));
        farm.UpdateJob(paused.Id, JobStatus.Paused);
        farm.UpdateJob(canceled.Id, JobStatus.Canceled);
        farm.DeleteJob(deleted.Id);
        Assert.Equal(JobStatus.Queued, farm.JobOf(waiting.Id).Status);
        return farm;
    }
}
