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
    /// <param name="alsoQueued">A task about to be queued (handed back by this worker in the same decision), in the
    /// place its entry will take.</param>
    public static TaskRecord? BestTaskFor(ClaimTask worker, DispatcherState state, int blocklistThreshold, TaskRecord? alsoQueued = null)
    {
        var candidate = alsoQueued is not null && IsRunnableBy(alsoQueued, worker, state, blocklistThreshold) ? alsoQueued : null;
        var candidatePlace = candidate is null ? default : QueueEntry.Of(candidate);
        foreach (var entry in state.Queue)
        {
            if (candidate is not null && candidatePlace.CompareTo(entry) < 0) return candidate;
            var task = state.Tasks[entry.TaskId];
            if (IsRunnableBy(task, worker, state, blocklistThreshold)) return task;
        }
        return candidate;
    }

    /// <summary>
    /// Why no known worker can run this queued task any more, or null while one can (or while no known worker is
    /// capable of it at all, so nothing is known to decide on). A capable worker (type supported, tags present)
    /// is eligible unless it failed the task, is blocklisted for its type, or is disabled.
    /// </summary>
    /// <param name="failureCount">Failures of a worker with a task type (<see cref="DispatcherState.FailureCount"/>).</param>
    public static string? NoEligibleWorkerReason(TaskRecord task, Func<long, string, int> failureCount, IReadOnlyCollection<KnownWorker> workers, int blocklistThreshold)
    {
        if (task.Status != TaskStatus.Queued) return null;
        var capable = workers
            .Where(w => (w.SupportedTypes.Count == 0 || w.SupportedTypes.Contains(task.Type)) && task.Tags.All(w.Tags.Contains))
            .OrderBy(w => w.WorkerId)
            .ToList();
        if (capable.Count == 0) return null;

        // Every worker that failed it is named, known or not (after a restart the dispatcher may not have relearned it yet).
        var failed = task.FailedByWorkers.Order().ToList();
        var blocked = new List<long>();
        var disabled = new List<long>();
        foreach (var w in capable)
        {
            if (task.FailedByWorkers.Contains(w.WorkerId)) continue;
            if (failureCount(w.WorkerId, task.Type) >= blocklistThreshold) blocked.Add(w.WorkerId);
            else if (!w.Enabled) disabled.Add(w.WorkerId);
            else return null;
        }

        var parts = new List<string>(3);
        if (failed.Count > 0) parts.Add($"{Workers(failed)} failed it");
        if (blocked.Count > 0) parts.Add($"{Workers(blocked)} {(blocked.Count == 1 ? "is" : "are")} blocklisted for {task.Type}");
        if (disabled.Count > 0) parts.Add($"{Workers(disabled)} {(disabled.Count == 1 ? "is" : "are")} disabled");
        return "no eligible worker left: " + string.Join("; ", parts);

        static string Workers(List<long> ids) => (ids.Count == 1 ? "worker " : "workers ") + string.Join(", ", ids);
    }

    /// <summary>Task types a worker gets no more of, because it failed too many of them.</summary>
    public static IReadOnlyList<string> BlockedTypes(long workerId, DispatcherState state, int blocklistThreshold) =>
        state.FailuresByWorkerAndType.TryGetValue(workerId, out var byType)
            ? byType.Where(kv => kv.Value >= blocklistThreshold).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList()
            : [];
}
