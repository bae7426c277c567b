using Manager.Actors.Common;
using Manager.Actors.Jobs;

namespace Manager.Actors.Tasks;

/// <summary>Which queued task a worker may run, and which one it gets.</summary>
public static class Scheduling
{
    public static bool IsRunnableBy(TaskRecord task, WorkerCapabilities worker, DispatcherState state, int blocklistThreshold) =>
        task.Status == TaskStatus.Queued
        && MayTakeFrom(worker, task.Type, task.Tags, state, blocklistThreshold)
        && !task.FailedByWorkers.Contains(worker.WorkerId);

    /// <summary>What is decided per shelf (<see cref="QueueShelf"/>): the type is supported, the tags are present, and the
    /// worker is not blocklisted for the type.</summary>
    private static bool MayTakeFrom(WorkerCapabilities worker, string type, IReadOnlyList<string> tags, DispatcherState state, int blocklistThreshold)
    {
        if (worker.SupportedTypes.Count > 0 && !worker.SupportedTypes.Contains(type)) return false;
        if (!TagSets.ContainsAll(worker.Tags, tags)) return false;
        return state.FailureCount(worker.WorkerId, type) < blocklistThreshold;
    }

    /// <summary>
    /// The best runnable task: the first in claim order (<see cref="ClaimOrder"/>: job priority, previews, task priority,
    /// submission order) that
    /// <see cref="IsRunnableBy"/> allows. Shelves the worker may not take from are skipped whole; on the others the
    /// first entry is the candidate unless this worker failed that task before. Cost: O(shelves × log n) plus the
    /// tasks this worker failed that stand in front, however many queued tasks it cannot run.
    /// </summary>
    /// <param name="alsoQueued">A task about to be queued (handed back by this worker in the same decision), in the
    /// place its entry will take (unless its job is paused meanwhile).</param>
    public static TaskRecord? BestTaskFor(WorkerCapabilities worker, DispatcherState state, int blocklistThreshold, TaskRecord? alsoQueued = null)
    {
        var best = alsoQueued is not null && state.MayQueue(alsoQueued) && IsRunnableBy(alsoQueued, worker, state, blocklistThreshold)
            ? alsoQueued
            : null;
        var bestPlace = best is null ? default : state.PlaceOf(best);
        foreach (var shelf in state.Queue.Shelves)
        {
            if (!MayTakeFrom(worker, shelf.Type, shelf.Tags, state, blocklistThreshold)) continue;
            // Min is O(log n) without the enumerator's allocation; the walk is only for tasks this worker failed.
            var head = shelf.Entries.Min;
            if (best is not null && bestPlace.CompareTo(head) < 0) continue;
            var task = state.Tasks[head.TaskId];
            if (task.FailedByWorkers.Contains(worker.WorkerId))
                task = FirstNotFailedBy(worker.WorkerId, shelf, state, best is null ? null : bestPlace);
            if (task is null) continue;
            best = task;
            bestPlace = state.PlaceOf(task);
        }
        return best;
    }

    /// <summary>The first task on the shelf this worker did not fail, if it comes before <paramref name="before"/>.</summary>
    private static TaskRecord? FirstNotFailedBy(long workerId, QueueShelf shelf, DispatcherState state, ClaimOrder? before)
    {
        foreach (var entry in shelf.Entries)
        {
            if (before is { } limit && limit.CompareTo(entry) < 0) return null;
            var task = state.Tasks[entry.TaskId];
            if (!task.FailedByWorkers.Contains(workerId)) return task;
        }
        return null;
    }

    /// <summary>
    /// Why no known worker can run this queued task any more, or null while one can (or while no known worker is
    /// capable of it at all, so nothing is known to decide on). A capable worker (type supported, tags present)
    /// is eligible unless it failed the task, is blocklisted for its type, or is disabled.
    /// </summary>
    /// <param name="failureCount">Failures of a worker with a task type (<see cref="DispatcherState.FailureCount"/>).</param>
    public static string? NoEligibleWorkerReason(TaskRecord task, Func<long, string, int> failureCount, IReadOnlyCollection<WorkerCapabilities> workers, int blocklistThreshold)
    {
        if (task.Status != TaskStatus.Queued) return null;
        var capable = workers
            .Where(w => (w.SupportedTypes.Count == 0 || w.SupportedTypes.Contains(task.Type)) && TagSets.ContainsAll(w.Tags, task.Tags))
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
