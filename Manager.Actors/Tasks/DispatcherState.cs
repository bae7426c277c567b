using System.Collections.Immutable;

namespace Manager.Actors.Tasks;

/// <summary>
/// The task queue as a value. <see cref="Apply"/> is the only way it changes; it trusts the event
/// (the rules in <see cref="TaskRules"/> decided it), so replaying the journal rebuilds the same state.
/// </summary>
public sealed record DispatcherState(
    ImmutableDictionary<long, TaskRecord> Tasks,
    ImmutableSortedSet<QueueEntry> Queue,
    ImmutableDictionary<long, long> TaskHeldByWorker,
    ImmutableHashSet<long> DeletedIds,
    long NextId,
    long NextSubmitSeq,
    long LastAssignment,
    ImmutableDictionary<long, ImmutableDictionary<string, int>> FailuresByWorkerAndType)
{
    public static readonly DispatcherState Empty = new(
        ImmutableDictionary<long, TaskRecord>.Empty,
        ImmutableSortedSet<QueueEntry>.Empty,
        ImmutableDictionary<long, long>.Empty,
        ImmutableHashSet<long>.Empty,
        NextId: 1,
        NextSubmitSeq: 1,
        LastAssignment: 0,
        ImmutableDictionary<long, ImmutableDictionary<string, int>>.Empty);

    public bool IsTaken(long id) => Tasks.ContainsKey(id) || DeletedIds.Contains(id);

    public long? HeldTask(long workerId) => TaskHeldByWorker.TryGetValue(workerId, out var id) ? id : null;

    public int FailureCount(long workerId, string type) =>
        FailuresByWorkerAndType.TryGetValue(workerId, out var byType) && byType.TryGetValue(type, out var n) ? n : 0;

    public DispatcherState Apply(ITaskEvent e) => e switch
    {
        TaskSubmitted s => this with
        {
            Tasks = Tasks.SetItem(s.Task.Id, s.Task),
            Queue = s.Task.Status == TaskStatus.Queued ? Queue.Add(QueueEntry.Of(s.Task)) : Queue,
            NextId = Math.Max(NextId, s.Task.Id + 1),
            NextSubmitSeq = Math.Max(NextSubmitSeq, s.Task.SubmitSeq + 1),
        },
        TaskAssigned a => Update(a.TaskId, t => t with
        {
            Status = TaskStatus.Rendering,
            WorkerId = a.WorkerId,
            Assignment = a.Assignment,
            Attempts = t.Attempts + 1,
            Activity = a.Activity,
            Error = null,
            UpdatedAt = a.At,
        }) with { LastAssignment = Math.Max(LastAssignment, a.Assignment) },
        TaskProgressed p => Update(p.TaskId, t => t with
        {
            FrameCurrent = p.FrameCurrent ?? t.FrameCurrent,
            Activity = p.Activity ?? t.Activity,
            Error = p.Error ?? t.Error,
            TimeCost = p.TimeCost ?? t.TimeCost,
            UpdatedAt = p.At,
        }),
        TaskCompleted c => Update(c.TaskId, t => t with
        {
            Status = TaskStatus.Completed,
            TimeCost = c.TimeCost ?? t.TimeCost,
            Activity = "completed",
            UpdatedAt = c.At,
        }),
        TaskFailed f => CountFailure(f.WorkerId, Tasks[f.TaskId].Type).Update(f.TaskId, t => t with
        {
            Status = f.Final ? TaskStatus.Failed : TaskStatus.Queued,
            WorkerId = f.Final ? t.WorkerId : null,
            FailedByWorkers = t.FailedByWorkers.Contains(f.WorkerId) ? t.FailedByWorkers : [.. t.FailedByWorkers, f.WorkerId],
            Error = f.Error ?? t.Error,
            Activity = f.Activity,
            TimeCost = f.TimeCost ?? t.TimeCost,
            UpdatedAt = f.At,
        }),
        TaskRequeued r => Update(r.TaskId, t => t with
        {
            Status = TaskStatus.Queued,
            WorkerId = null,
            Activity = r.Reason,
            UpdatedAt = r.At,
        }),
        TaskStatusChangedByOperator o => Update(o.TaskId, t => t with
        {
            Status = o.Status,
            WorkerId = o.Status is TaskStatus.Queued or TaskStatus.Paused ? null : t.WorkerId,
            Attempts = o.Restart ? 0 : t.Attempts,
            FailedByWorkers = o.Restart ? [] : t.FailedByWorkers,
            Error = o.Restart ? null : t.Error,
            FrameCurrent = o.Restart ? null : t.FrameCurrent,
            Activity = o.Activity,
            UpdatedAt = o.At,
        }),
        TaskPriorityChanged p => Update(p.TaskId, t => t with { Priority = p.Priority, UpdatedAt = p.At }),
        TaskAbandoned a => Update(a.TaskId, t => t with
        {
            Status = TaskStatus.Failed,
            // Keep the render's own error (e.g. Blender's) and the last holder; the reason is the activity.
            WorkerId = t.WorkerId ?? (t.FailedByWorkers.Count > 0 ? t.FailedByWorkers[^1] : null),
            Error = t.Error ?? a.Reason,
            Activity = a.Reason,
            UpdatedAt = a.At,
        }),
        TaskDeleted d => Remove(d.TaskId),
        WorkerBlocklistCleared b => this with { FailuresByWorkerAndType = FailuresByWorkerAndType.Remove(b.WorkerId) },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown task event"),
    };

    /// <summary>Replaces a task and keeps the queue and the holder index in step with its status.</summary>
    private DispatcherState Update(long taskId, Func<TaskRecord, TaskRecord> change)
    {
        var before = Tasks[taskId];
        var after = change(before);
        var queue = Queue;
        if (before.Status == TaskStatus.Queued) queue = queue.Remove(QueueEntry.Of(before));
        if (after.Status == TaskStatus.Queued) queue = queue.Add(QueueEntry.Of(after));

        var held = TaskHeldByWorker;
        if (before.Status == TaskStatus.Rendering && before.WorkerId is { } oldHolder) held = held.Remove(oldHolder);
        if (after.Status == TaskStatus.Rendering && after.WorkerId is { } newHolder) held = held.SetItem(newHolder, taskId);

        return this with { Tasks = Tasks.SetItem(taskId, after), Queue = queue, TaskHeldByWorker = held };
    }

    private DispatcherState Remove(long taskId)
    {
        var task = Tasks[taskId];
        var held = task.Status == TaskStatus.Rendering && task.WorkerId is { } holder ? TaskHeldByWorker.Remove(holder) : TaskHeldByWorker;
        return this with
        {
            Tasks = Tasks.Remove(taskId),
            Queue = Queue.Remove(QueueEntry.Of(task)),
            TaskHeldByWorker = held,
            DeletedIds = DeletedIds.Add(taskId),
        };
    }

    private DispatcherState CountFailure(long workerId, string type)
    {
        var byType = FailuresByWorkerAndType.GetValueOrDefault(workerId) ?? ImmutableDictionary<string, int>.Empty;
        return this with
        {
            FailuresByWorkerAndType = FailuresByWorkerAndType.SetItem(workerId, byType.SetItem(type, byType.GetValueOrDefault(type) + 1)),
        };
    }
}
