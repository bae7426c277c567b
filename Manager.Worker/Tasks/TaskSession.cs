using System.Diagnostics;
using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// One task on this worker, from <c>GET /tasks/{id}</c> to its final status. The steps, each its own class:
/// <list type="number">
/// <item><see cref="TaskStart"/>: read the task, plan its commands, claim it (<c>rendering</c>);</item>
/// <item><see cref="CommandSequence"/>: run the commands in <c>&lt;work-dir&gt;/task-&lt;id&gt;</c>, one after the
/// other, each line through <see cref="LineHandler"/> into <see cref="TaskOutput"/>;</item>
/// <item>meanwhile <see cref="OutputShipper"/> streams the output in numbered chunks and <see cref="Heartbeats"/>
/// says <c>rendering</c>; either stops the work at once when the manager says the task is no longer this
/// worker's (409 to an update, or a heartbeat naming another task) or refuses the credential (401);</item>
/// <item><see cref="TaskReporter"/>: report <c>completed</c>/<c>failed</c> until the manager answers, or on
/// shutdown hand the task back (<c>queued</c>) within <see cref="WorkerOptions.ShutdownGrace"/>.</item>
/// </list>
/// Every update is fenced with the worker and the assignment (<see cref="TaskFence"/>); when each part
/// stops is one token tree (<see cref="TaskCancellation"/>). A refused credential ends <see cref="RunAsync"/>
/// with a <see cref="CredentialRefusedException"/> once the child is stopped.
/// </summary>
internal sealed class TaskSession
{
    private static readonly TimeSpan FramesGrace = TimeSpan.FromSeconds(5);

    private readonly TaskContext _task;
    private readonly TaskFence _fence;

    public TaskSession(WorkerAgent agent, long workerId, long taskId)
    {
        _task = new TaskContext(agent, workerId, taskId);
        _fence = new TaskFence(workerId);
    }

    /// <summary>The manager answered 404 for this worker: register again before the next poll.</summary>
    public bool WorkerUnknown { get; private set; }

    /// <summary>The task got as far as running (or being refused); if not, the worker pauses before it polls again.</summary>
    public bool Started { get; private set; }

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var cancellation = new TaskCancellation(shutdown, _task.Options.ShutdownGrace);
        var reporter = new TaskReporter(_task, _fence);

        CommandPlan plan;
        try
        {
            if (await new TaskStart(_task, _fence).RunAsync(cancellation.Work) is not { } planned)
                return;
            plan = planned;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            await reporter.HandBackAsync(cancellation.Talk);
            return;
        }
        catch (Exception e) when (e is ManagerRequestException or JsonException)
        {
            // Going back to 'available' makes the manager requeue the task without counting an attempt.
            _task.Emit(WorkerEventKind.Warning, $"cannot start task {_task.TaskId}: {e.Message}");
            return;
        }

        Started = true;
        var output = new TaskOutput(_task.Options, _fence.NextLogSeq);
        var heartbeats = new Heartbeats(_task, cancellation);
        var beating = heartbeats.RunAsync(cancellation.Heartbeats);
        var shipping = new OutputShipper(_task, _fence, output, cancellation).RunAsync(cancellation.Talk);

        using var framesStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation.Talk);
        var frames = _task.JobId is not null && _fence.Assignment is { } assignment && !_task.Frames.Off
            ? new LastFramePublisher(_task, assignment, _task.Frames)
            : null;
        var publishing = frames?.RunAsync(framesStop.Token) ?? Task.CompletedTask;

        var watch = Stopwatch.StartNew();
        var outcome = plan.Error is { } refused
            ? TaskOutcome.Failed(refused)
            : await new CommandSequence(_task, new LineHandler(_task, output, frames)).RunAsync(plan, cancellation.Work);
        var timeCost = watch.Elapsed;

        // The last picture goes before the final status (after it the task is not this worker's: 409), within a bound.
        output.Finish();
        frames?.Finish();
        framesStop.CancelAfter(FramesGrace);
        await IgnoreCancellation(publishing);
        await IgnoreCancellation(shipping); // all output is sent before the final status
        cancellation.EndHeartbeats();
        await IgnoreCancellation(beating);
        WorkerUnknown = heartbeats.WorkerUnknown;

        if (cancellation.StopReason is { } reason)
            _task.Emit(WorkerEventKind.TaskStopped, $"stopped task {_task.TaskId}: {reason}");
        else if (outcome is null)
            await reporter.HandBackAsync(cancellation.Talk);
        else
            await reporter.ReportAsync(outcome, timeCost, cancellation.Talk);

        RemoveIfEmpty(_task.Directory);
        if (cancellation.CredentialRefused is { } credentialRefused)
            throw credentialRefused;
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void RemoveIfEmpty(string directory)
    {
        try
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
                Directory.Delete(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
