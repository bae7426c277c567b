namespace Manager.Actors.Events;

/// <summary>
/// The ids of things changed or removed since the last batch was taken: a thing changed many times between two batches
/// is sent once, as it is when the batch is made. A removal cancels an earlier change and a change an earlier removal
/// (ids are never reused, so the latter only happens to a worker seen again after a lost notice).
/// </summary>
public sealed class PendingChanges
{
    private readonly HashSet<long> _changed = [];
    private readonly HashSet<long> _removed = [];

    public bool IsEmpty => _changed.Count == 0 && _removed.Count == 0;

    public void Changed(long id)
    {
        _removed.Remove(id);
        _changed.Add(id);
    }

    public void Removed(long id)
    {
        _changed.Remove(id);
        _removed.Add(id);
    }

    /// <summary>Up to <paramref name="max"/> changed ids (the rest stay for the next batch) and every removed id; both forgotten here.</summary>
    public (List<long> Changed, List<long> Removed) Take(int max)
    {
        var changed = _changed.Count <= max ? [.. _changed] : _changed.Take(max).ToList();
        if (changed.Count == _changed.Count) _changed.Clear();
        else foreach (var id in changed) _changed.Remove(id);
        var removed = _removed.ToList();
        _removed.Clear();
        return (changed, removed);
    }
}
