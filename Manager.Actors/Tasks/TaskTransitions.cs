using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>
/// What one event does to the one task it names: pure, so the rules can look at a task's next state (a requeued
/// task for a claim, a failed one for the abandon rule) without touching the dispatcher's state.
/// </summary>
public static class TaskTransitions
{
    /// <summary>The task after <paramref name="e"/>; events that create or delete tasks are not changes of one.</summary>
    public static TaskRecord Apply(TaskRecord t, ITaskEvent e) => e switch
    {
        TaskAssigned a => t with
        {
            Status = TaskStatus.Rendering,
            WorkerId = a.WorkerId,
            Assignment = a.Assignment,
            Attempts = t.Attempts + 1,
            Activity = a.Activity,
            Error = null,
            UpdatedAt = a.At,
            History = TaskHistory.Append(t.History, new(a.At, Who.Worker(a.WorkerId), TaskStatus.Rendering, a.Activity)),
        },
        TaskProgressed p => t with
        {
            FrameCurrent = p.FrameCurrent ?? t.FrameCurrent,
            Activity = p.Activity ?? t.Activity,
            Error = p.Error ?? t.Error,
            TimeCost = p.TimeCost ?? t.TimeCost,
            UpdatedAt = p.At,
        },
        TaskCompleted c => t with
        {
            Status = TaskStatus.Completed,
            TimeCost = c.TimeCost ?? t.TimeCost,
            Activity = "completed",
            UpdatedAt = c.At,
            History = TaskHistory.Append(t.History, new(c.At, Who.Worker(c.WorkerId), TaskStatus.Completed, "completed")),
        },
        TaskFailed f => t with
        {
            Status = f.Final ? TaskStatus.Failed : TaskStatus.Queued,
            WorkerId = f.Final ? t.WorkerId : null,
            FailedByWorkers = t.FailedByWorkers.Contains(f.WorkerId) ? t.FailedByWorkers : [.. t.FailedByWorkers, f.WorkerId],
            Error = f.Error ?? t.Error,
            Activity = f.Activity,
            TimeCost = f.TimeCost ?? t.TimeCost,
            UpdatedAt = f.At,
            History = TaskHistory.Append(t.History,
                new(f.At, Who.Worker(f.WorkerId), f.Final ? TaskStatus.Failed : TaskStatus.Queued, f.Activity)),
        },
        TaskRequeued r => t with
        {
            Status = TaskStatus.Queued,
            WorkerId = null,
            Activity = r.Reason,
            UpdatedAt = r.At,
            History = TaskHistory.Append(t.History, new(r.At, r.By ?? Caller.Manager.By, TaskStatus.Queued, r.Reason)),
        },
        TaskStatusChangedByOperator o => t with
        {
            Status = o.Status,
            WorkerId = o.Status is TaskStatus.Queued or TaskStatus.Paused ? null : t.WorkerId,
            Attempts = o.Restart ? 0 : t.Attempts,
            FailedByWorkers = o.Restart ? [] : t.FailedByWorkers,
            Error = o.Restart ? null : t.Error,
            FrameCurrent = o.Restart ? null : t.FrameCurrent,
            Activity = o.Activity,
            UpdatedAt = o.At,
            History = TaskHistory.Append(t.History, new(o.At, o.By ?? "operator", o.Status, o.Activity)),
        },
        TaskPriorityChanged p => t with { Priority = p.Priority, UpdatedAt = p.At },
        TaskAbandoned a => t with
        {
            Status = TaskStatus.Failed,
            // Keep the render's own error (e.g. Blender's) and the last holder; the reason is the activity.
            WorkerId = t.WorkerId ?? (t.FailedByWorkers.Count > 0 ? t.FailedByWorkers[^1] : null),
            Error = t.Error ?? a.Reason,
            Activity = a.Reason,
            UpdatedAt = a.At,
            History = TaskHistory.Append(t.History, new(a.At, Caller.Manager.By, TaskStatus.Failed, a.Reason)),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a change of one existing task"),
    };
}
