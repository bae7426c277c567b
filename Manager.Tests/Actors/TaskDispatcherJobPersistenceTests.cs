using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Actors.Serialization;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Actors;

/// <summary>
/// Jobs in the dispatcher actor on a real SQLite journal: a new incarnation answers exactly as before, from events
/// alone and from a snapshot plus events, and goes on scheduling by the same dependencies.
/// </summary>
public sealed class TaskDispatcherJobPersistenceTests() : JournalTestKit("dispatcher-jobs")
{
    private readonly CurrentSettings _settings = new();

    [Theory]
    [InlineData(10_000)] // recovery replays events only
    [InlineData(4)] // recovery starts from a snapshot, then replays the events after it
    public async Task A_restarted_dispatcher_recovers_the_same_jobs_and_goes_on_by_their_dependencies(int snapshotEvery)
    {
        var first = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));
        var shot = (await Ask(first, RulesDriver.Job("1-4", chunk: 2, fps: 24, priority: 3))).Value!.Job.Job;
        var next = (await Ask(first, RulesDriver.Job("10", dependsOn: [shot.Id]))).Value!.Job.Job;
        var paused = (await Ask(first, RulesDriver.Job("1-2"))).Value!.Job.Job;
        var canceled = (await Ask(first, RulesDriver.Job("1-2", jobId: 50))).Value!.Job.Job;
        var deleted = (await Ask(first, RulesDriver.Job("3"))).Value!.Job.Job;
        await Ask(first, new UpdateJob(paused.Id, JobStatus.Paused, null));
        await Ask(first, new UpdateJob(canceled.Id, JobStatus.Canceled, 9));
        Assert.Equal(deleted.TaskIds, (await Ask(first, new DeleteJob(deleted.Id))).Value!.TaskIds);
        var rendered = await ClaimAndComplete(first, 1);
        Assert.Equal(shot.TaskIds[0], rendered);
        Assert.Equal(shot.TaskIds[1], (await Ask(first, RulesDriver.Worker(2))).Value!.TaskId);
        var before = await Everything(first);

        await StopAndWait(first);
        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));

        Assert.Equal(before, await Everything(second));
        var summary = (await Ask(second, new GetJob(shot.Id))).Value!;
        Assert.Equal((JobStatus.Active, 2L, 1, 1), (summary.Job.Status, summary.FramesDone, summary.Counts.Rendering, summary.Counts.Queued));
        Assert.Equal(JobStatus.Canceled, (await Ask(second, new GetJob(canceled.Id))).Value!.Job.Status);
        Assert.IsType<Refusal.NotFound>((await Ask(second, new GetJob(deleted.Id))).Refusal);

        // Scheduling goes on from the recovered counters: the video after both renders, then the dependent job.
        Assert.Null((await Ask(second, RulesDriver.Worker(3))).Value!.TaskId);
        await Ask(second, new UpdateTaskFromWorker(shot.TaskIds[1], 2, null, TaskStatus.Completed, null, null, null, null));
        Assert.Equal(shot.TaskIds[2], await ClaimAndComplete(second, 3));
        Assert.Equal(JobStatus.Completed, (await Ask(second, new GetJob(shot.Id))).Value!.Job.Status);
        Assert.Equal(next.TaskIds[0], (await Ask(second, RulesDriver.Worker(4))).Value!.TaskId);
        var fresh = (await Ask(second, RulesDriver.Job("1"))).Value!.Job.Job;
        Assert.True(fresh.Id > canceled.Id && fresh.TaskIds[0] > deleted.TaskIds[^1], "ids are never reused");
    }

    private async Task<long> ClaimAndComplete(IActorRef dispatcher, long workerId)
    {
        var id = (await Ask(dispatcher, RulesDriver.Worker(workerId))).Value!.TaskId!.Value;
        Assert.Null((await Ask(dispatcher, new UpdateTaskFromWorker(id, workerId, null, TaskStatus.Completed, null, null, null, 2.5))).Refusal);
        return id;
    }

    /// <summary>Every job and task as the queries answer them, as JSON.</summary>
    private async Task<string> Everything(IActorRef dispatcher)
    {
        var jobs = (await Ask(dispatcher, new ListJobs(null, 0, 1000))).Value!;
        var tasks = (await Ask(dispatcher, new ListTasks(null, null, 0, 1000))).Value!;
        var held = await Task.WhenAll(new long[] { 1, 2, 3 }.Select(async w => (await Ask(dispatcher, new GetHeldTask(w))).Value!.TaskId));
        return System.Text.Json.JsonSerializer.Serialize(new { jobs, tasks, held }, ManagerSerializer.Json);
    }

    private static Task<Outcome<TValue>> Ask<TValue>(IActorRef actor, IAsk<TValue> message) => actor.Ask(message, Bound);
}
