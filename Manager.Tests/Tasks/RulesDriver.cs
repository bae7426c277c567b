using System.Text.Json;
using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>
/// Drives the pure task rules the way the dispatcher does: Decide against the state, then Apply every
/// event. Keeps the journal so tests can replay it or snapshot the state.
/// </summary>
internal sealed class RulesDriver
{
    public DispatcherState State { get; } = new();
    public ManagerSettings Settings { get; set; } = ManagerSettings.Defaults;
    public DateTimeOffset Now { get; private set; } = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public List<ITaskEvent> Journal { get; } = [];

    public static string BlenderSettings(int start = 1, int end = 3, string filepath = "/srv/scene.blend") =>
        JsonSerializer.Serialize(new { filepath, frame_start = start, frame_end = end });

    public static string ExecSettings(params string[] argv) =>
        JsonSerializer.Serialize(new { argv = argv.Length == 0 ? ["echo", "hello"] : argv });

    public static SubmitTask Blender(long? taskId = null, long? priority = null, IReadOnlyList<string>? tags = null, string? parser = null, int start = 1, int end = 3) =>
        new(taskId, "blender_render", parser, BlenderSettings(start, end), priority, tags ?? []);

    public static SubmitTask Exec(long? taskId = null, long? priority = null, IReadOnlyList<string>? tags = null) =>
        new(taskId, "exec_command", null, ExecSettings(), priority, tags ?? []);

    /// <summary>A claim by worker <paramref name="id"/> (host name render-NN) with these capabilities.</summary>
    public static ClaimTask Worker(long id, IReadOnlyList<string>? types = null, IReadOnlyList<string>? tags = null, bool enabled = true) =>
        new(new WorkerCapabilities(id, $"render-{id:00}", types ?? [], tags ?? [], enabled));

    /// <summary>Applies the decision's events and the job status changes that follow, as the dispatcher does.</summary>
    public Decision<TValue> Run<TValue>(Decision<TValue> decision)
    {
        Journal.AddRange(Manager.Actors.Jobs.JobFollowUps.ApplyWithFollowUps(State, decision.Events, Settings, Now));
        Now = Now.AddSeconds(1);
        return decision;
    }

    public Decision<SubmitResult> Submit(SubmitTask cmd) => Run(TaskRules.Submit(State, cmd, Settings, Now));

    public TaskRecord Submitted(SubmitTask cmd)
    {
        var decision = Submit(cmd);
        var result = Assert.IsType<SubmitResult>(decision.Outcome.Value);
        Assert.True(result.Created);
        return result.Task;
    }

    public Decision<HeldTask> Claim(ClaimTask cmd) => Run(TaskRules.Claim(State, cmd, Settings, Now));

    /// <summary>The task id the claim answered (null: nothing to do).</summary>
    public long? Claimed(ClaimTask cmd) =>
        Assert.IsType<HeldTask>(Claim(cmd).Outcome.Value).TaskId;

    public long Claimed(long workerId) => Claimed(Worker(workerId)) ?? throw new Xunit.Sdk.XunitException($"worker {workerId} got no task");

    public Decision<long> FromWorker(long taskId, long workerId, TaskStatus? status = null, long? frame = null, string? log = null,
        string? activity = null, double? timeCost = null, long? assignment = null) =>
        Run(TaskRules.UpdateFromWorker(State, new UpdateTaskFromWorker(taskId, workerId, assignment, status, frame, log, activity, timeCost), Settings, Now));

    public Decision<Done> FromOperator(long taskId, TaskStatus? status = null, long? priority = null) =>
        Run(TaskRules.UpdateFromOperator(State, new UpdateTaskFromOperator(taskId, status, priority), Settings, Now));

    public Decision<WorkerLossAnswer> Lost(long workerId, string reason = "worker silent for 30 s") =>
        Run(TaskRules.WorkerLost(State, new WorkerLost(workerId, reason), Now));

    public Decision<Done> Delete(long taskId) => Run(TaskRules.Delete(State, new DeleteTask(taskId), Now));

    public Decision<Done> ClearBlocklist(long workerId) => Run(TaskRules.ClearBlocklist(State, new ClearWorkerBlocklist(workerId), Now));

    public TaskRecord Task(long id) => State.Tasks[id];

    /// <summary>A blender_render job's settings: frames, chunks, order and, with <paramref name="fps"/>, a video.</summary>
    public static string JobSettings(string frames = "1-4", int chunk = 1, bool previewFirst = false, int step = 10, int? fps = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["filepath"] = "/srv/shot.blend",
            ["frames"] = frames,
            ["chunk_size"] = chunk,
            ["frame_order"] = previewFirst ? "preview_first" : "sequential",
            ["preview_step"] = step,
            ["output"] = "/renders/shot_####",
            ["video"] = fps is { } f ? new { fps = f, output = "/renders/shot.mp4" } : null,
        }.Where(kv => kv.Value is not null).ToDictionary());

    public static SubmitJob Job(string frames = "1-4", int chunk = 1, bool previewFirst = false, int step = 10, int? fps = null,
        long? jobId = null, long? priority = null, IReadOnlyList<long>? dependsOn = null, IReadOnlyList<string>? tags = null, Caller? caller = null) =>
        new(jobId, "shot", "blender_render", JobSettings(frames, chunk, previewFirst, step, fps), priority, dependsOn ?? [], tags ?? [], caller);

    public Decision<SubmitJobResult> SubmitJob(SubmitJob cmd) => Run(JobRules.Submit(State, cmd, Settings, Now));

    public JobRecord SubmittedJob(SubmitJob cmd)
    {
        var result = Assert.IsType<SubmitJobResult>(SubmitJob(cmd).Outcome.Value);
        Assert.True(result.Created);
        return State.Jobs[result.Job.Job.Id];
    }

    public Decision<Done> UpdateJob(long jobId, JobStatus? status = null, long? priority = null, Caller? caller = null) =>
        Run(JobRules.Update(State, new UpdateJob(jobId, status, priority, caller), Now));

    public Decision<DeletedJob> DeleteJob(long jobId, Caller? caller = null) => Run(JobRules.Delete(State, new DeleteJob(jobId, caller), Now));

    public JobRecord JobOf(long jobId) => State.Jobs[jobId];

    public JobSummary Summary(long jobId) => JobSummaries.Of(State, State.Jobs[jobId], Settings.JobFailPercent);

    /// <summary>Worker <paramref name="workerId"/> claims a task and completes it; answers the task's id.</summary>
    public long ClaimAndComplete(long workerId, double? timeCost = null)
    {
        var id = Claimed(workerId);
        Assert.Null(FromWorker(id, workerId, TaskStatus.Completed, timeCost: timeCost).Outcome.Refusal);
        return id;
    }

    /// <summary>A task brought to <paramref name="status"/> by real commands (worker 900 does the rendering).</summary>
    public TaskRecord TaskIn(TaskStatus status)
    {
        var task = Submitted(Blender(priority: 1_000_000 + State.NextSubmitSeq));
        const long worker = 900;
        switch (status)
        {
            case TaskStatus.Queued:
                break;
            case TaskStatus.Rendering:
                Assert.Equal(task.Id, Claimed(worker));
                break;
            case TaskStatus.Completed:
                Assert.Equal(task.Id, Claimed(worker));
                Assert.Null(FromWorker(task.Id, worker, TaskStatus.Completed).Outcome.Refusal);
                break;
            case TaskStatus.Failed:
                var saved = Settings;
                Settings = Settings with { TaskMaxAttempts = 1 };
                Assert.Equal(task.Id, Claimed(worker));
                Assert.Null(FromWorker(task.Id, worker, TaskStatus.Failed, log: "Error: boom\n").Outcome.Refusal);
                Settings = saved;
                break;
            case TaskStatus.Canceled:
                Assert.Null(FromOperator(task.Id, TaskStatus.Canceled).Outcome.Refusal);
                break;
            case TaskStatus.Paused:
                Assert.Null(FromOperator(task.Id, TaskStatus.Paused).Outcome.Refusal);
                break;
        }
        Assert.Equal(status, Task(task.Id).Status);
        return Task(task.Id);
    }

    public IReadOnlyList<long> QueueOrder() => State.Queue.Select(e => e.TaskId).ToList();
}
