using System.Collections;

namespace Manager.Actors.Tasks;

/// <summary>
/// The queued tasks, kept on shelves by type and required tags (<see cref="QueueShelf"/>) so that a scheduling decision
/// skips what a worker cannot run a shelf at a time: a worker that can run none of 100,000 queued tasks learns it in a
/// few set lookups instead of a walk over all of them (<see cref="Scheduling.BestTaskFor"/>). Enumerating it yields every
/// entry in scheduling order (a merge of the shelves; for queries and tests, not for claims).
/// </summary>
public sealed class TaskQueue : IReadOnlyCollection<QueueEntry>
{
    private readonly Dictionary<(string Type, string Tags), QueueShelf> _shelves = [];

    public int Count { get; private set; }

    /// <summary>The non-empty shelves, in no particular order (the concrete collection: a claim walks it without allocating).</summary>
    public Dictionary<(string Type, string Tags), QueueShelf>.ValueCollection Shelves => _shelves.Values;

    public void Add(TaskRecord task)
    {
        var key = QueueShelf.KeyOf(task);
        if (!_shelves.TryGetValue(key, out var shelf)) _shelves[key] = shelf = new QueueShelf(task.Type, task.Tags);
        if (shelf.Entries.Add(QueueEntry.Of(task))) Count++;
    }

    public void Remove(TaskRecord task)
    {
        var key = QueueShelf.KeyOf(task);
        if (!_shelves.TryGetValue(key, out var shelf) || !shelf.Entries.Remove(QueueEntry.Of(task))) return;
        Count--;
        if (shelf.Entries.Count == 0) _shelves.Remove(key);
    }

    public IEnumerator<QueueEntry> GetEnumerator()
    {
        var heads = new PriorityQueue<IEnumerator<QueueEntry>, QueueEntry>();
        foreach (var shelf in _shelves.Values)
        {
            var e = shelf.Entries.GetEnumerator();
            if (e.MoveNext()) heads.Enqueue(e, e.Current);
        }
        while (heads.TryDequeue(out var e, out var entry))
        {
            yield return entry;
            if (e.MoveNext()) heads.Enqueue(e, e.Current);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
