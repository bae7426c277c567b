namespace Manager.Worker;

/// <summary>The session's final word to the manager: the task's result, or at shutdown the task handed back.</summary>
internal sealed class TaskReporter(TaskContext task, TaskFence fence)
{
    /// <summary>
    /// <c>completed</c>, or <c>failed</c> with its error line as the last log chunk, and <c>time_cost</c>.
    /// Retried (inside the client) until the manager answers: the result is never dropped while the worker runs.
    /// </summary>
    public async Task ReportAsync(TaskOutcome outcome, TimeSpan timeCost, CancellationToken ct)
    {
        var seconds = Math.Round(timeCost.TotalSeconds, 3);
        var update = fence.Update() with
        {
            Status = outcome.Status,
            Log = outcome.Error is { } error ? error + "\n" : null,
            LogSeq = outcome.Error is null ? null : fence.NextLogSeq(),
            TimeCost = seconds,
        };
        try
        {
            var sent = await task.Client.UpdateTaskAsync(task.TaskId, update, ct);
            var what = outcome.Succeeded ? "completed" : "failed";
            switch (sent.Result)
            {
                case TaskUpdateResult.Accepted when outcome.Succeeded:
                    task.Emit(WorkerEventKind.TaskCompleted, $"task {task.TaskId} completed in {seconds:0.0} s");
                    break;
                case TaskUpdateResult.Accepted:
                    task.Emit(WorkerEventKind.TaskFailed, $"task {task.TaskId} failed after {seconds:0.0} s: {outcome.Error}");
                    break;
                case TaskUpdateResult.Conflict or TaskUpdateResult.NotFound:
                    task.Emit(WorkerEventKind.TaskStopped, $"task {task.TaskId} {what} but the manager did not take the result: {sent.Describe()}");
                    break;
                default:
                    task.Emit(WorkerEventKind.Warning, $"task {task.TaskId} {what} but the manager refused the result ({sent.Detail})");
                    break;
            }
        }
        catch (OperationCanceledException)
        {
            task.Emit(WorkerEventKind.Warning, $"shutting down before the manager took the result of task {task.TaskId}; it will run again");
        }
    }

    /// <summary>
    /// At shutdown: give the task back so that another worker can take it now rather than after
    /// the manager's silence timeout. Best effort — a refusal is fine, the manager requeues the
    /// task anyway when the worker goes silent or, restarted, next says 'available'.
    /// </summary>
    public async Task HandBackAsync(CancellationToken ct)
    {
        try
        {
            var sent = await task.Client.UpdateTaskAsync(task.TaskId, fence.Update() with { Status = TaskStatuses.Queued }, ct);
            task.Emit(WorkerEventKind.TaskHandedBack, sent.Result == TaskUpdateResult.Accepted
                ? $"stopped task {task.TaskId} and handed it back to the manager"
                : $"stopped task {task.TaskId}; the manager did not take it back now ({sent.Result}: {sent.Detail}) and requeues it when this worker falls silent");
        }
        catch (OperationCanceledException)
        {
            task.Emit(WorkerEventKind.TaskHandedBack, $"stopped task {task.TaskId}; could not tell the manager, which requeues it when this worker falls silent");
        }
    }
}
