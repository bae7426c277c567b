using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// One task on this worker, from <c>GET /tasks/{id}</c> to its final status:
/// <list type="bullet">
/// <item>runs the commands in <c>&lt;work-dir&gt;/task-&lt;id&gt;</c>, one after the other;</item>
/// <item>streams their output in chunks (<see cref="LogChunker"/>, <see cref="OutputQueue"/>);</item>
/// <item>sends <c>rendering</c> heartbeats, and stops the process tree at once when the manager
/// says the task is no longer this worker's (409 to an update, or a heartbeat naming another task);</item>
/// <item>reports <c>completed</c>/<c>failed</c> until the manager answers; on shutdown it stops the
/// child and hands the task back (<c>queued</c>), within <see cref="WorkerOptions.ShutdownGrace"/>;</item>
/// <item>fences every update with its <c>worker_id</c> and <c>assignment</c>, and numbers the log
/// chunks (<c>log_seq</c> 1, 2, 3 …) so that the manager stores a re-sent chunk once;</item>
/// <item>stops the child and throws <see cref="CredentialRefusedException"/> when the manager refuses
/// the worker's credential (401).</item>
/// </list>
/// </summary>
internal sealed class TaskSession
{
    private readonly WorkerAgent _agent;
    private readonly WorkerOptions _options;
    private readonly ManagerClient _client;
    private readonly long _workerId;
    private readonly long _taskId;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly SemaphoreSlim _wake = new(0);

    private readonly Lock _gate = new();
    private readonly LogChunker _chunker;
    private readonly OutputQueue _queue;
    private (string Text, long? Seq)? _inFlight; // taken from the queue, not yet accepted by the manager; keeps its number
    private long _lastLogSeq;
    private long? _assignment;      // from GET /tasks/{id}
    private bool _outputDone;
    private string? _lastErrorLine; // of the running command
    private long? _lastFrame;

    private CancellationTokenSource? _managerStop;
    private string? _stopReason;
    private CredentialRefusedException? _credentialRefused;

    public TaskSession(WorkerAgent agent, long workerId, long taskId)
    {
        _agent = agent;
        _options = agent.Options;
        _client = agent.Client;
        _workerId = workerId;
        _taskId = taskId;
        _chunker = new LogChunker(_options.ChunkBytes, _options.ChunkInterval);
        _queue = new OutputQueue(_options.QueueBytes);
    }

    /// <summary>The manager answered 404 for this worker: register again before the next poll.</summary>
    public bool WorkerUnknown { get; private set; }

    /// <summary>The task got as far as running (or being refused); if not, the worker pauses before it polls again.</summary>
    public bool Started { get; private set; }

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var managerStop = new CancellationTokenSource();
        using var grace = new CancellationTokenSource();
        await using var startGrace = shutdown.Register(() => grace.CancelAfter(_options.ShutdownGrace));
        // work: the commands and the heartbeats — end when the manager says stop, or at shutdown.
        using var work = CancellationTokenSource.CreateLinkedTokenSource(managerStop.Token, shutdown);
        // talk: output and the final word — end when the manager says stop, or a grace period after shutdown.
        using var talk = CancellationTokenSource.CreateLinkedTokenSource(managerStop.Token, grace.Token);
        _managerStop = managerStop;

        CommandPlan plan;
        try
        {
            var task = await _client.GetTaskAsync(_taskId, work.Token);
            if (task is null)
            {
                Emit(WorkerEventKind.TaskStopped, $"task {_taskId} is gone (404) before it started");
                return;
            }
            Emit(WorkerEventKind.TaskReceived, $"got task {_taskId} ({Describe(task)})");
            _assignment = task.Assignment;
            plan = await PlanAsync(task, work.Token);

            var claim = await _client.UpdateTaskAsync(_taskId, Update() with { Status = TaskStatuses.Rendering }, work.Token);
            if (claim.Result is TaskUpdateResult.Conflict or TaskUpdateResult.NotFound)
            {
                Emit(WorkerEventKind.TaskStopped, $"stopped task {_taskId}: {Describe(claim)}");
                return;
            }
            if (claim.Result == TaskUpdateResult.Rejected)
                Emit(WorkerEventKind.Warning, $"task {_taskId}: the manager refused 'rendering' ({claim.Detail}); running it anyway");
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            await HandBackAsync(talk.Token);
            return;
        }
        catch (Exception e) when (e is ManagerRequestException or JsonException)
        {
            // Going back to 'available' makes the manager requeue the task without counting an attempt.
            Emit(WorkerEventKind.Warning, $"cannot start task {_taskId}: {e.Message}");
            return;
        }

        Started = true;
        using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(work.Token);
        var heartbeat = HeartbeatAsync(heartbeats.Token);
        var shipper = ShipOutputAsync(talk.Token);

        var watch = Stopwatch.StartNew();
        var outcome = plan.Error is { } refused ? TaskOutcome.Failed(refused) : await RunCommandsAsync(plan, work.Token);
        var timeCost = watch.Elapsed;

        FinishOutput();
        await IgnoreCancellation(shipper);   // all output is sent before the final status
        heartbeats.Cancel();
        await IgnoreCancellation(heartbeat);

        if (_stopReason is { } reason)
            Emit(WorkerEventKind.TaskStopped, $"stopped task {_taskId}: {reason}");
        else if (outcome is null)
            await HandBackAsync(talk.Token);
        else
            await ReportAsync(outcome, timeCost, talk.Token);

        RemoveIfEmpty(TaskDirectory);
        if (_credentialRefused is { } credentialRefused)
            throw credentialRefused;
    }

    /// <summary>An update of this task: fenced by the worker and the assignment.</summary>
    private TaskUpdate Update() => new() { WorkerId = _workerId, Assignment = _assignment };

    /// <summary>
    /// The next log chunk's number. Only with an assignment: the manager reads <c>log_seq</c>
    /// together with <c>assignment</c>.
    /// </summary>
    private long? NextLogSeq()
    {
        if (_assignment is null)
            return null;
        return ++_lastLogSeq;
    }

    private string TaskDirectory => Path.Combine(_options.WorkDir, $"task-{_taskId}");

    private async Task<CommandPlan> PlanAsync(TaskDetails task, CancellationToken ct)
    {
        var commands = task.Commands ?? [];
        var blender = BlenderProgram.FromSearchPath;
        if (CommandPlanner.UsesBlender(commands))
        {
            JsonElement? setting = null;
            if (_options.Blender is null)
            {
                try
                {
                    setting = await _client.GetSettingAsync("blender_path", ct);
                }
                catch (Exception e) when (e is ManagerRequestException or JsonException)
                {
                    Emit(WorkerEventKind.Warning, $"cannot read the manager's blender_path ({e.Message}); using blender from PATH");
                }
            }
            blender = CommandPlanner.ResolveBlender(_options.Blender, setting, SystemStats.OsName);
        }
        return CommandPlanner.Plan(commands, blender, _options.Allow);
    }

    /// <summary>Runs the commands in order; the first failure ends the task. <c>null</c> when stopped.</summary>
    private async Task<TaskOutcome?> RunCommandsAsync(CommandPlan plan, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>
        {
            ["MANAGER_URL"] = _options.Manager.ToString(),
            ["MANAGER_TASK_ID"] = _taskId.ToString(CultureInfo.InvariantCulture),
            ["MANAGER_WORKER_ID"] = _workerId.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            Directory.CreateDirectory(TaskDirectory);
            for (var i = 0; i < plan.Commands.Count; i++)
            {
                if (ct.IsCancellationRequested)
                    return null;
                var command = plan.Commands[i];
                Emit(WorkerEventKind.TaskStarted, $"task {_taskId}: running {command.Name} ({i + 1}/{plan.Commands.Count}): {command.Display}");
                OnLine($"[worker] {command.Name}: {command.Display}");
                lock (_gate)
                    _lastErrorLine = null;

                CommandResult result;
                try
                {
                    result = await CommandRunner.RunAsync(command, TaskDirectory, OnLine, environment, stop: ct);
                }
                catch (Win32Exception e)
                {
                    return TaskOutcome.Failed($"cannot start '{command.Program}': {e.Message}");
                }
                if (ct.IsCancellationRequested)
                    return null;

                string? lastError;
                lock (_gate)
                    lastError = _lastErrorLine;
                var outcome = TaskOutcome.FromExit(command.Program, result.ExitCode, lastError);
                if (!outcome.Succeeded)
                    return outcome;
            }
            return TaskOutcome.Completed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TaskOutcome.Failed($"worker: {e.Message}");
        }
    }

    private void OnLine(string line)
    {
        bool wake;
        long? newFrame = null;
        lock (_gate)
        {
            var wasEmpty = _chunker.PendingBytes == 0;
            var full = _chunker.Add(line, _clock.Elapsed);
            foreach (var chunk in full)
                _queue.Enqueue(chunk);
            wake = wasEmpty || full.Count > 0;

            if (TaskOutcome.IsErrorLine(line))
                _lastErrorLine = line;
            if (FrameOf(line) is { } frame && frame != _lastFrame)
                newFrame = _lastFrame = frame;
        }
        if (newFrame is { } f)
            Emit(WorkerEventKind.Frame, $"task {_taskId}: frame {f}");
        if (wake)
            Wake();
    }

    /// <summary>Blender's progress lines start "Fra:N ".</summary>
    private static long? FrameOf(string line)
    {
        if (!line.StartsWith("Fra:", StringComparison.Ordinal))
            return null;
        var end = 4;
        if (end < line.Length && line[end] == '-')
            end++;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
            end++;
        return long.TryParse(line.AsSpan(4, end - 4), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var frame) ? frame : null;
    }

    private void FinishOutput()
    {
        lock (_gate)
        {
            if (_chunker.Flush() is { } rest)
                _queue.Enqueue(rest);
            _outputDone = true;
        }
        Wake();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    /// <summary>Sends output in order, a chunk at a time, until the output is done and all sent.</summary>
    private async Task ShipOutputAsync(CancellationToken ct)
    {
        while (true)
        {
            (string Text, long? Seq)? chunk;
            TimeSpan? dueIn;
            lock (_gate)
            {
                if (_inFlight is null)
                {
                    if (_chunker.TakeDue(_clock.Elapsed) is { } due)
                        _queue.Enqueue(due);
                    if (_queue.TryDequeue(out var next))
                        _inFlight = (next, NextLogSeq());
                }
                chunk = _inFlight;
                if (chunk is null && _outputDone)
                    return;
                dueIn = _chunker.DueIn(_clock.Elapsed);
            }

            if (chunk is not { } inFlight)
            {
                await _wake.WaitAsync(dueIn ?? Timeout.InfiniteTimeSpan, ct);
                continue;
            }

            TaskUpdateOutcome sent;
            try
            {
                sent = await _client.UpdateTaskAsync(_taskId, Update() with { Log = inFlight.Text, LogSeq = inFlight.Seq }, ct);
            }
            catch (CredentialRefusedException e)
            {
                StopRefused(e);
                return;
            }
            lock (_gate)
                _inFlight = null;
            switch (sent.Result)
            {
                case TaskUpdateResult.Conflict or TaskUpdateResult.NotFound:
                    Stop(Describe(sent));
                    return;
                case TaskUpdateResult.Rejected:
                    Emit(WorkerEventKind.Warning, $"task {_taskId}: the manager refused a piece of output ({sent.Detail}); dropped it");
                    break;
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(_options.HeartbeatInterval, ct);
            WorkerUpdateReply? reply;
            try
            {
                reply = await _client.UpdateWorkerAsync(_workerId, _agent.Report(WorkerStatuses.Rendering), ct);
            }
            catch (Exception e) when (e is ManagerRequestException or JsonException)
            {
                Emit(WorkerEventKind.Warning, $"heartbeat failed: {e.Message}");
                continue;
            }
            catch (CredentialRefusedException e)
            {
                StopRefused(e);
                return;
            }

            if (reply is null)
            {
                WorkerUnknown = true;
                Stop("the manager no longer knows this worker (404)");
                return;
            }
            if (reply.TaskId != _taskId)
            {
                Stop(reply.TaskId is null
                    ? "canceled by manager (it no longer assigns the task to this worker)"
                    : $"the manager now assigns task {reply.TaskId} to this worker instead");
                return;
            }
        }
    }

    /// <summary>The manager refused the worker's credential: stop the work; <see cref="RunAsync"/> then throws.</summary>
    private void StopRefused(CredentialRefusedException e)
    {
        Interlocked.CompareExchange(ref _credentialRefused, e, null);
        Stop(e.Message);
    }

    /// <summary>The manager wants the work stopped: kill the child, stop sending.</summary>
    private void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        try
        {
            _managerStop?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReportAsync(TaskOutcome outcome, TimeSpan timeCost, CancellationToken ct)
    {
        var seconds = Math.Round(timeCost.TotalSeconds, 3);
        var update = Update() with
        {
            Status = outcome.Status,
            Log = outcome.Error is { } error ? error + "\n" : null,
            LogSeq = outcome.Error is null ? null : NextLogSeq(),
            TimeCost = seconds,
        };
        try
        {
            // Retried (inside the client) until the manager answers: the result is never dropped while the worker runs.
            var sent = await _client.UpdateTaskAsync(_taskId, update, ct);
            var what = outcome.Succeeded ? "completed" : "failed";
            switch (sent.Result)
            {
                case TaskUpdateResult.Accepted when outcome.Succeeded:
                    Emit(WorkerEventKind.TaskCompleted, $"task {_taskId} completed in {seconds:0.0} s");
                    break;
                case TaskUpdateResult.Accepted:
                    Emit(WorkerEventKind.TaskFailed, $"task {_taskId} failed after {seconds:0.0} s: {outcome.Error}");
                    break;
                case TaskUpdateResult.Conflict or TaskUpdateResult.NotFound:
                    Emit(WorkerEventKind.TaskStopped, $"task {_taskId} {what} but the manager did not take the result: {Describe(sent)}");
                    break;
                default:
                    Emit(WorkerEventKind.Warning, $"task {_taskId} {what} but the manager refused the result ({sent.Detail})");
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            Emit(WorkerEventKind.Warning, $"shutting down before the manager took the result of task {_taskId}; it will run again");
        }
    }

    /// <summary>
    /// At shutdown: give the task back so that another worker can take it now rather than after
    /// the manager's silence timeout. Best effort — a refusal is fine, the manager requeues the
    /// task anyway when the worker goes silent or, restarted, next says 'available'.
    /// </summary>
    private async Task HandBackAsync(CancellationToken ct)
    {
        try
        {
            var sent = await _client.UpdateTaskAsync(_taskId, Update() with { Status = TaskStatuses.Queued }, ct);
            Emit(WorkerEventKind.TaskHandedBack, sent.Result == TaskUpdateResult.Accepted
                ? $"stopped task {_taskId} and handed it back to the manager"
                : $"stopped task {_taskId}; the manager did not take it back now ({sent.Result}: {sent.Detail}) and requeues it when this worker falls silent");
        }
        catch (OperationCanceledException)
        {
            Emit(WorkerEventKind.TaskHandedBack, $"stopped task {_taskId}; could not tell the manager, which requeues it when this worker falls silent");
        }
    }

    private static string Describe(TaskUpdateOutcome outcome) => outcome.Result switch
    {
        TaskUpdateResult.Conflict => $"canceled by manager (409{(string.IsNullOrEmpty(outcome.Detail) ? "" : ": " + outcome.Detail)})",
        TaskUpdateResult.NotFound => "the task was deleted (404)",
        _ => $"{outcome.Result}: {outcome.Detail}",
    };

    private static string Describe(TaskDetails task)
    {
        var type = task.Type ?? "task";
        return (task.FrameStart, task.FrameEnd) switch
        {
            ({ } a, { } b) when a == b => $"{type}, frame {a}",
            ({ } a, { } b) => $"{type}, frames {a}–{b}",
            _ => type,
        };
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

    private void Emit(WorkerEventKind kind, string message) => _agent.Emit(kind, message, _taskId);
}
