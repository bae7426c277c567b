namespace Manager.Actors.Tasks;

/// <summary>Which queued task a worker may run, and which one it gets.</summary>
public static class Scheduling
{
    public static bool IsRunnableBy(TaskRecord task, ClaimTask worker, DispatcherState state, int blocklistThreshold) =>
        task.Status == TaskStatus.Queued
        && (worker.SupportedTypes.Count == 0 || worker.SupportedTypes.Contains(task.Type))
        && task.Tags.All(worker.Tags.Contains)
        && !task.FailedByWorkers.Contains(worker.WorkerId)
        && state.FailureCount(worker.WorkerId, task.Type) < blocklistThreshold;

    /// <summary>
    /// The best runnable task: the queue is kept in scheduling order (priority descending, then
    /// submission order), so this is the first eligible entry; O(log n) when the head is eligible.
    /// </summary>
    public static TaskRecord? BestTaskFor(ClaimTask worker, DispatcherState state, int blocklistThreshold)
    {
        foreach (var entry in state.Queue)
        {
            var task = state.Tasks[entry.TaskId];
            if (IsRunnableBy(task, worker, state, blocklistThreshold)) return task;
        }
        return null;
    }

    /// <summary>Task types a worker gets no more of, because it failed too many of them.</summary>
    public static IReadOnlyList<string> BlockedTypes(long workerId, DispatcherState state, int blocklistThreshold) =>
        state.FailuresByWorkerAndType.TryGetValue(workerId, out var byType)
            ? byType.Where(kv => kv.Value >= blocklistThreshold).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList()
            : [];
}
