using Manager.Actors.Common;
using Manager.Actors.Compilers;
using Manager.Actors.Jobs;
using Manager.Actors.Parsers;
using Manager.Actors.Settings;

namespace Manager.Actors.Tasks;

/// <summary>
/// The task life cycle as pure functions: given the state and a command, what is answered and which
/// events happen. The <see cref="TaskDispatcher"/> only sequences these and persists the events.
/// </summary>
public static class TaskRules
{
    public static Decision<SubmitResult> Submit(DispatcherState state, SubmitTask cmd, ManagerSettings settings, DateTimeOffset now)
    {
        if (cmd.TaskId is { } chosen && Bounds.IdProblem(chosen) is { } badId)
            return Invalid("task_id", badId);
        if (Bounds.TagsProblem(cmd.Tags) is { } badTags)
            return Invalid("tags", badTags);
        if (Bounds.SettingsProblem(cmd.Settings) is { } tooLong)
            return Invalid("settings", tooLong);

        if (!TaskCompilers.TryGet(cmd.Type, out var compiler))
            return Invalid("type", $"unknown task type '{cmd.Type}'; known types: {string.Join(", ", TaskCompilers.Types)}");

        var parserName = cmd.Parser ?? compiler.DefaultParser;
        if (!OutputParsers.TryGet(parserName, out _))
            return Invalid("parser", $"unknown parser '{parserName}'; known parsers: {string.Join(", ", OutputParsers.Names)}");

        var compiled = compiler.Compile(cmd.Settings);
        if (compiled.Task is not { } task)
            return new Refusal.Invalid(
                $"the settings are not valid for a '{cmd.Type}' task",
                compiled.Errors.ToDictionary(kv => $"settings.{kv.Key}", kv => kv.Value));

        var caller = cmd.Caller ?? Caller.Manager;
        var fingerprint = Fingerprint(cmd);
        if (cmd.TaskId is { } requestedId)
        {
            if (state.DeletedIds.Contains(requestedId))
                return new Refusal.Conflict($"task {requestedId} was deleted; task ids are never reused");
            if (state.Tasks.TryGetValue(requestedId, out var existing))
                return existing.Fingerprint == fingerprint
                    ? Decision.Answer(Outcome.Done(new SubmitResult(existing, Created: false)))
                    : new Refusal.Conflict($"task {requestedId} already exists with a different body");
        }
        var id = cmd.TaskId ?? state.AllocateId();
        if (id is null)
            return new Refusal.Conflict(
                $"no task id is left to allocate: ids only grow, and the next one would pass {Bounds.MaxId} (2^53-1); submit with a free task_id below it");

        // The compiler's own type string, shared by all its tasks (cmd.Type is a copy per request).
        var record = TaskRecord.Queued(id.Value, state.NextSubmitSeq, compiler.Type, parserName, cmd.Settings, fingerprint, task,
            cmd.Priority ?? settings.DefaultPriority, cmd.Tags, caller, now, "submitted");
        return Decision.Of(Outcome.Done(new SubmitResult(record, Created: true)), [new TaskSubmitted(record)]);
    }

    /// <summary>A worker is available: first hand back what it still held (it restarted mid-task), then assign.</summary>
    public static Decision<HeldTask> Claim(DispatcherState state, ClaimTask cmd, ManagerSettings settings, DateTimeOffset now)
    {
        var worker = cmd.Worker;
        var events = new List<ITaskEvent>(2);
        TaskRecord? handedBack = null;
        if (state.HeldTask(worker.WorkerId) is { } held)
        {
            var handBack = new TaskRequeued(held, $"requeued: worker {worker.Hostname} asked for new work while holding it", now, Who.Worker(worker.WorkerId));
            events.Add(handBack);
            handedBack = TaskTransitions.Apply(state.Tasks[held], handBack);
        }

        if (worker.Enabled && Scheduling.BestTaskFor(worker, state, settings.BlocklistThreshold, handedBack) is { } task)
        {
            events.Add(new TaskAssigned(task.Id, worker.WorkerId, state.LastAssignment + 1, $"rendering on {worker.Hostname}", now));
            return Decision.Of(Outcome.Done(new HeldTask(task.Id)), events);
        }
        return Decision.Of(TaskQueryAnswers.NothingHeld, events);
    }

    /// <summary>
    /// A lost worker's task goes back to the queue. Idempotent: a repeat (the proxy re-sends until answered) finds nothing
    /// held and changes nothing; both are answered <see cref="WorkerLossAnswer.Declared"/>. Whether the dispatcher may
    /// declare a loss at all (it has been available for the whole timeout) is <see cref="Workers.WorkerConnection.MayDeclareLost"/>.
    /// </summary>
    public static Decision<WorkerLossAnswer> WorkerLost(DispatcherState state, WorkerLost cmd, DateTimeOffset now)
    {
        var answer = Outcome.Done(new WorkerLossAnswer(cmd.WorkerId, cmd.Delivery, Declared: true));
        return state.HeldTask(cmd.WorkerId) is { } held
            ? Decision.Of(answer, [new TaskRequeued(held, cmd.Reason, now)])
            : Decision.Answer(answer);
    }

    public static Decision<Done> DropWorker(DispatcherState state, DropWorker cmd, DateTimeOffset now) =>
        state.HeldTask(cmd.WorkerId) is { } held
            ? Decision.Of(Outcome.Done(), [new TaskRequeued(held, cmd.Reason, now, cmd.By)])
            : Decision.Answer(Outcome.Done());

    /// <param name="knownWorkers">The workers the dispatcher knows (in memory); after a failure that requeues the task,
    /// the task is abandoned when none of them is still eligible for it. Null: never abandon.</param>
    public static Decision<long> UpdateFromWorker(DispatcherState state, UpdateTaskFromWorker cmd, ManagerSettings settings, DateTimeOffset now,
        IReadOnlyCollection<WorkerCapabilities>? knownWorkers = null)
    {
        if (!state.Tasks.TryGetValue(cmd.TaskId, out var task)) return MissingForWorker(state, cmd.TaskId);

        if (cmd.Status is { } s && s is not (TaskStatus.Rendering or TaskStatus.Completed or TaskStatus.Failed or TaskStatus.Queued))
            return Invalid("status", "a worker reports 'rendering', 'completed' or 'failed' (or 'queued' to hand the task back)");

        if (!HoldsIt(task, cmd.WorkerId, cmd.Assignment))
            return IsRepeatOfFinishingUpdate(task, cmd)
                ? Decision.Answer(Outcome.Done(task.Assignment))
                : new Refusal.Conflict(NotHolderReason(task, cmd.WorkerId));

        var parsed = cmd.Log is { Length: > 0 } log && OutputParsers.TryGet(task.Parser, out var parser)
            ? parser.Parse(log)
            : ParsedOutput.Nothing;
        var frame = cmd.FrameCurrent ?? parsed.FrameCurrent;
        var activity = Bounds.CutActivity(cmd.Activity ?? parsed.Activity);
        var error = parsed.Error;

        var events = new List<ITaskEvent>(2);
        if (frame is not null || activity is not null || error is not null || (cmd.TimeCost is not null && cmd.Status is null or TaskStatus.Rendering))
            events.Add(new TaskProgressed(task.Id, frame, activity, error, cmd.TimeCost, now));

        switch (cmd.Status)
        {
            case TaskStatus.Completed:
                events.Add(new TaskCompleted(task.Id, cmd.WorkerId, cmd.TimeCost, now));
                break;
            case TaskStatus.Failed:
                // The limit counts failed attempts: assignments lost to a silent or restarted worker do not count.
                // A worker never gets a task it failed, so the failed-by list counts the failures.
                var failures = task.FailedByWorkers.Count + 1;
                var final = failures >= settings.TaskMaxAttempts;
                var reason = error ?? LastLine(cmd.Log) ?? task.Error;
                var text = final
                    ? $"failed on worker {cmd.WorkerId} after {failures} failed attempt(s){(reason is null ? "" : ": " + reason)}"
                    : $"requeued after failing on worker {cmd.WorkerId} (failed attempt {failures} of {settings.TaskMaxAttempts})";
                var failed = new TaskFailed(task.Id, cmd.WorkerId, reason, final, text, cmd.TimeCost, now);
                events.Add(failed);
                if (!final && knownWorkers is not null)
                {
                    // As the state will be after these events: the task requeued, one more failure of its type counted.
                    var after = events.Aggregate(task, TaskTransitions.Apply);
                    int FailuresAfter(long workerId, string type) =>
                        state.FailureCount(workerId, type) + (workerId == cmd.WorkerId && type == task.Type ? 1 : 0);
                    if (Scheduling.NoEligibleWorkerReason(after, FailuresAfter, knownWorkers, settings.BlocklistThreshold) is { } why)
                        events.Add(new TaskAbandoned(task.Id, why, now));
                }
                break;
            case TaskStatus.Queued:
                events.Add(new TaskRequeued(task.Id, $"requeued: worker {cmd.WorkerId} handed the task back", now, Who.Worker(cmd.WorkerId)));
                break;
        }
        return Decision.Of(Outcome.Done(task.Assignment), events);
    }

    public static Outcome<long> CheckHolder(DispatcherState state, CheckTaskHolder cmd)
    {
        if (!state.Tasks.TryGetValue(cmd.TaskId, out var task)) return MissingForWorker(state, cmd.TaskId);
        return HoldsIt(task, cmd.WorkerId, cmd.Assignment) ? Outcome.Done(task.Assignment) : new Refusal.Conflict(NotHolderReason(task, cmd.WorkerId));
    }

    /// <summary>A worker's update of a task that is not there: a deleted one is a conflict (stop working on it).</summary>
    private static Refusal MissingForWorker(DispatcherState state, long taskId) =>
        state.DeletedIds.Contains(taskId)
            ? new Refusal.Conflict($"task {taskId} was deleted: stop working on it")
            : new Refusal.NotFound($"no task {taskId}");

    private static bool HoldsIt(TaskRecord task, long workerId, long? assignment) =>
        task.Status == TaskStatus.Rendering && task.WorkerId == workerId && (assignment is null || assignment == task.Assignment);

    public static Decision<Done> UpdateFromOperator(DispatcherState state, UpdateTaskFromOperator cmd, ManagerSettings settings, DateTimeOffset now)
    {
        if (!state.Tasks.TryGetValue(cmd.TaskId, out var task))
            return new Refusal.NotFound($"no task {cmd.TaskId}");
        var caller = cmd.Caller ?? Caller.Manager;
        if (!caller.MayChange(task.OwnerTokenId)) return NotOwner(task, caller);

        var events = new List<ITaskEvent>(2);
        if (cmd.Status is { } to)
        {
            if (!OperatorTransitions.IsAllowed(task.Status, to))
                return new Refusal.Conflict($"a {task.Status.ToWire()} task cannot be set to {to.ToWire()}");
            if (to == TaskStatus.Queued && JobRules.QueueAgainProblem(state, task, settings.JobFailPercent) is { } stays)
                return new Refusal.Conflict(stays);
            events.Add(new TaskStatusChangedByOperator(
                task.Id, to, OperatorTransitions.IsRestart(task.Status, to), OperatorTransitions.Activity(task.Status, to), now, caller.By));
        }
        if (cmd.Priority is { } priority && priority != task.Priority)
            events.Add(new TaskPriorityChanged(task.Id, priority, now, caller.By));
        return Decision.Of(Outcome.Done(), events);
    }

    public static Decision<Done> Delete(DispatcherState state, DeleteTask cmd, DateTimeOffset now)
    {
        if (!state.Tasks.TryGetValue(cmd.TaskId, out var task)) return new Refusal.NotFound($"no task {cmd.TaskId}");
        var caller = cmd.Caller ?? Caller.Manager;
        if (!caller.MayChange(task.OwnerTokenId)) return NotOwner(task, caller);
        // Other tasks of the job may depend on it: a job's tasks go with the job.
        if (task.JobId is { } jobId) return new Refusal.Conflict($"task {task.Id} belongs to job {jobId}: delete the job (DELETE /jobs/{jobId})");
        return Decision.Of(Outcome.Done(), [new TaskDeleted(cmd.TaskId, now, caller.By)]);
    }

    public static Decision<Done> ClearBlocklist(DispatcherState state, ClearWorkerBlocklist cmd, DateTimeOffset now) =>
        state.FailuresByWorkerAndType.ContainsKey(cmd.WorkerId)
            ? Decision.Of(Outcome.Done(), [new WorkerBlocklistCleared(cmd.WorkerId, now, (cmd.Caller ?? Caller.Manager).By)])
            : Decision.Answer(Outcome.Done());

    private static Refusal NotOwner(TaskRecord task, Caller caller) =>
        NotOwnerRefusal.Of("task", task.Id, task.SubmittedBy, task.OwnerTokenId, caller);

    /// <summary>
    /// The update was the holder's progress report (no status, or <c>rendering</c>) and nothing of it is to be written:
    /// it may be answered without waiting for the writes in flight. Not a refusal (it may follow from a write in flight,
    /// e.g. a cancel), nor a repeated finishing update (whose first write may still be in flight).
    /// </summary>
    public static bool IsHolderReportWithNothingToWrite(UpdateTaskFromWorker cmd, Decision<long> decision) =>
        cmd.Status is null or TaskStatus.Rendering && decision.Events.Count == 0 && decision.Outcome.Refusal is null;

    /// <summary>The holder sending again the update that finished its task (its first answer was lost) changes nothing.</summary>
    private static bool IsRepeatOfFinishingUpdate(TaskRecord task, UpdateTaskFromWorker cmd) => cmd.Status switch
    {
        TaskStatus.Completed => task.Status == TaskStatus.Completed && task.WorkerId == cmd.WorkerId,
        TaskStatus.Failed => task.FailedByWorkers.Contains(cmd.WorkerId),
        _ => false,
    };

    private static string NotHolderReason(TaskRecord task, long workerId) => task.Status switch
    {
        TaskStatus.Canceled => $"task {task.Id} was canceled: stop working on it",
        TaskStatus.Paused => $"task {task.Id} was paused: stop working on it",
        TaskStatus.Rendering when task.WorkerId == workerId => $"task {task.Id} was reassigned: stop working on it",
        _ when task.WorkerId == workerId => $"task {task.Id} is {task.Status.ToWire()}: stop working on it",
        _ => $"worker {workerId} does not hold task {task.Id}: stop working on it",
    };

    private static string Fingerprint(SubmitTask cmd) =>
        string.Join('\u001f', cmd.Type, cmd.Parser ?? "", cmd.Priority?.ToString() ?? "", cmd.Settings, string.Join('\u001e', cmd.Tags));

    private static string? LastLine(string? log) =>
        log?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

    private static Refusal Invalid(string field, string message) => Refusal.InvalidField(field, message);
}
