namespace Manager.Actors.Tasks;

/// <summary>
/// Task ids in ascending order: all of them, per status, and per worker (the holder, or the last one). GET /tasks
/// pages read from the narrowest set its filters allow, so a page costs O(log n) plus what it reads, even when
/// few tasks match (a dashboard asking for the failed tasks of a farm of 100,000 that has none reads nothing).
/// </summary>
public sealed class TaskIdIndex
{
    private readonly SortedSet<long> _all = [];
    private readonly Dictionary<TaskStatus, SortedSet<long>> _byStatus = [];
    private readonly Dictionary<long, SortedSet<long>> _byWorker = [];

    public void Add(TaskRecord task)
    {
        _all.Add(task.Id);
        AddFilters(task);
    }

    public void Remove(TaskRecord task)
    {
        _all.Remove(task.Id);
        RemoveFilters(task);
    }

    /// <summary>Moves a task between the per-status and per-worker sets when an event changed either.</summary>
    public void Update(TaskRecord before, TaskRecord after)
    {
        if (before.Status == after.Status && before.WorkerId == after.WorkerId) return;
        RemoveFilters(before);
        AddFilters(after);
    }

    /// <summary>Ids above <paramref name="after"/> in ascending order that may match the filters: exact for one
    /// filter; with both, the smaller of the two sets (the caller checks the other).</summary>
    public IEnumerable<long> After(long after, TaskStatus? status, long? workerId)
    {
        if (after == long.MaxValue) return [];
        var ids = _all;
        if (status is { } s && !_byStatus.TryGetValue(s, out ids)) return [];
        if (workerId is { } w)
        {
            if (!_byWorker.TryGetValue(w, out var ofWorker)) return [];
            if (status is null || ofWorker.Count < ids!.Count) ids = ofWorker;
        }
        return ids!.GetViewBetween(after + 1, long.MaxValue);
    }

    /// <summary>How many tasks are in <paramref name="status"/> (the size of its set).</summary>
    public int CountOf(TaskStatus status) => _byStatus.TryGetValue(status, out var ids) ? ids.Count : 0;

    private void AddFilters(TaskRecord task)
    {
        SetOf(_byStatus, task.Status).Add(task.Id);
        if (task.WorkerId is { } w) SetOf(_byWorker, w).Add(task.Id);
    }

    private void RemoveFilters(TaskRecord task)
    {
        RemoveFrom(_byStatus, task.Status, task.Id);
        if (task.WorkerId is { } w) RemoveFrom(_byWorker, w, task.Id);
    }

    private static SortedSet<long> SetOf<TKey>(Dictionary<TKey, SortedSet<long>> sets, TKey key) where TKey : notnull
    {
        if (!sets.TryGetValue(key, out var set)) sets[key] = set = [];
        return set;
    }

    private static void RemoveFrom<TKey>(Dictionary<TKey, SortedSet<long>> sets, TKey key, long id) where TKey : notnull
    {
        if (!sets.TryGetValue(key, out var set)) return;
        set.Remove(id);
        if (set.Count == 0) sets.Remove(key);
    }
}
