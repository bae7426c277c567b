using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Microsoft.Data.Sqlite;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Actors;

/// <summary>
/// A holder's progress reports are answered at once and written later (<see cref="UnwrittenProgress"/>): merged into one
/// event in front of the task's next event, by the periodic write, or when asked (a graceful stop). On a real SQLite
/// journal and virtual time, so "later" is exactly when the test advances the clock.
/// </summary>
public sealed class TaskProgressWritingTests() : JournalTestKit("progress-writing", VirtualTime.Hocon)
{
    private readonly CurrentSettings _settings = new();
    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Progress_reports_before_the_completion_are_written_as_one_merged_event_in_front_of_it()
    {
        var dispatcher = await DispatcherHoldingTaskOne();
        await Ask(dispatcher, Progress("Fra:1 Mem:1M | Sample 1/4\n"));
        await Ask(dispatcher, Progress(null, activity: "denoising"));
        await Ask(dispatcher, Progress("Fra:3 Mem:1M | Sample 1/4\n"));
        Assert.DoesNotContain("task-progressed", Manifests());

        await Ask(dispatcher, new UpdateTaskFromWorker(1, 7, null, TaskStatus.Completed, null, null, null, 2.5));

        Assert.Equal(["task-submitted", "task-assigned", "task-progressed", "task-completed"], Manifests());
        var task = await TaskOneAfterRestart(dispatcher);
        Assert.Equal(TaskStatus.Completed, task.Status);
        Assert.Equal(3, task.FrameCurrent);
    }

    [Fact]
    public async Task Unwritten_progress_is_written_when_the_interval_has_passed_and_a_new_incarnation_reads_it()
    {
        var dispatcher = await DispatcherHoldingTaskOne();
        await Ask(dispatcher, Progress("Fra:5 Mem:1M | Sample 1/4\n"));
        Assert.Equal(5, (await TaskOne(dispatcher)).FrameCurrent); // answered and applied before it is written
        Assert.DoesNotContain("task-progressed", Manifests());

        Clock.Advance(TaskDispatcher.ProgressWriteInterval);

        await AwaitConditionAsync(() => Task.FromResult(Manifests().Contains("task-progressed")), Bound);
        var task = await TaskOneAfterRestart(dispatcher);
        Assert.Equal(TaskStatus.Rendering, task.Status);
        Assert.Equal(5, task.FrameCurrent);
    }

    [Fact]
    public async Task Asking_to_write_unwritten_progress_is_answered_once_it_is_durable()
    {
        var dispatcher = await DispatcherHoldingTaskOne();
        await Ask(dispatcher, Progress("Fra:9 Mem:1M | Sample 1/4\n"));

        Assert.Null((await Ask(dispatcher, WriteUnwrittenProgress.Instance)).Refusal);

        Assert.Equal(["task-submitted", "task-assigned", "task-progressed"], Manifests());
        Assert.Equal(9, (await TaskOneAfterRestart(dispatcher)).FrameCurrent);
    }

    [Fact]
    public async Task A_refused_progress_report_changes_nothing_and_waits_for_nothing()
    {
        var dispatcher = await DispatcherHoldingTaskOne();

        var refused = await Ask(dispatcher, new UpdateTaskFromWorker(1, 8, null, null, null, "Fra:2 Mem:1M | Sample 1/4\n", null, null));

        Assert.IsType<Refusal.Conflict>(refused.Refusal);
        Assert.Null((await TaskOne(dispatcher)).FrameCurrent);
    }

    /// <summary>
    /// A holder's report that writes nothing (a log stream sends one per chunk) is answered while a write is in flight, as
    /// CheckTaskHolder is; a refused one still waits for the writes before it. The journal's write lock is held by the test.
    /// </summary>
    [Fact]
    public async Task A_holder_s_report_with_nothing_to_write_is_answered_while_a_write_is_in_flight_and_a_refusal_waits()
    {
        var dispatcher = await DispatcherHoldingTaskOne();
        var writeLock = new SqliteConnection($"Data Source={JournalFile};Pooling=False");
        await writeLock.OpenAsync();
        await using (writeLock)
        {
            await using (var begin = writeLock.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }
            var submission = Ask(dispatcher, new SubmitTask(null, "exec_command", "blender_render", """{"argv":["echo","hi"]}""", null, []));
            var report = Ask(dispatcher, Progress("a line without a frame\n"));
            var refused = Ask(dispatcher, new UpdateTaskFromWorker(1, 8, null, null, null, "a line without a frame\n", null, null));

            Assert.Null((await report).Refusal);
            Assert.False(submission.IsCompleted, "the submission was answered although its write could not be made");
            Assert.False(refused.IsCompleted, "the refusal was answered before the write in flight");

            await using (var rollback = writeLock.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync();
            }
            Assert.Null((await submission).Refusal);
            Assert.IsType<Refusal.Conflict>((await refused).Refusal);
        }
    }

    /// <summary>
    /// A job action changes tasks it does not name: progress of a task of a deleted job written after the deletion would
    /// name a task the replay no longer has, so recovery would fail.
    /// </summary>
    [Fact]
    public async Task Progress_of_a_jobs_task_is_written_before_the_job_is_deleted_and_a_new_incarnation_recovers()
    {
        var dispatcher = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000));
        var job = (await Ask(dispatcher, Manager.Tests.Tasks.RulesDriver.Job("1-2"))).Value!.Job.Job;
        var task = (await Ask(dispatcher, Manager.Tests.Tasks.RulesDriver.Worker(7))).Value!.TaskId!.Value;
        Assert.Null((await Ask(dispatcher, new UpdateTaskFromWorker(task, 7, null, null, 1, null, null, null))).Refusal);

        Assert.Null((await Ask(dispatcher, new Manager.Actors.Jobs.DeleteJob(job.Id))).Refusal);

        Assert.Equal(["job-submitted", "task-assigned", "job-status-changed", "task-progressed", "job-deleted"], Manifests());
        await StopAndWait(dispatcher);
        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000));
        Assert.IsType<Refusal.NotFound>((await Ask(second, new GetTask(task))).Refusal);
    }

    /// <summary>A dispatcher whose task 1 is held by worker 7 (submitted and claimed, both durable).</summary>
    private async Task<IActorRef> DispatcherHoldingTaskOne()
    {
        var dispatcher = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000));
        Assert.Null((await Ask(dispatcher, new SubmitTask(null, "exec_command", "blender_render",
            """{"argv":["echo","hi"],"frame_start":1,"frame_end":9}""", null, []))).Refusal);
        Assert.Equal(1, (await Ask(dispatcher, Manager.Tests.Tasks.RulesDriver.Worker(7))).Value!.TaskId);
        return dispatcher;
    }

    private static UpdateTaskFromWorker Progress(string? log, string? activity = null) => new(1, 7, null, null, null, log, activity, null);

    /// <summary>Task 1 as a new incarnation recovers it from the journal, once this one has stopped.</summary>
    private async Task<TaskRecord> TaskOneAfterRestart(IActorRef dispatcher)
    {
        await StopAndWait(dispatcher);
        return await TaskOne(Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000)));
    }

    private static async Task<TaskRecord> TaskOne(IActorRef dispatcher) => (await Ask(dispatcher, new GetTask(1))).Value!;

    private static Task<Outcome<TValue>> Ask<TValue>(IActorRef actor, IAsk<TValue> message) => actor.Ask(message, Bound);

    /// <summary>The manifests of the dispatcher's events in the journal, in order.</summary>
    private List<string> Manifests()
    {
        using var connection = new SqliteConnection($"Data Source={JournalFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", TaskDispatcher.Id);
        using var reader = command.ExecuteReader();
        var manifests = new List<string>();
        while (reader.Read()) manifests.Add(reader.GetString(0));
        return manifests;
    }
}
