using System.Collections;
using Manager.Actors.Jobs;

namespace Manager.Actors.Tasks;

/// <summary>
/// The queued tasks, kept on shelves by type and required tags (<see cref="QueueShelf"/>) so that a scheduling decision
/// skips what a worker cannot run a shelf at a time: a worker that can run none of 100,000 queued tasks learns it in a
/// few set lookups instead of a walk over all of them (<see cref="Scheduling.BestTaskFor"/>). Each entry is the task's
/// place in the claim order (<see cref="ClaimOrder"/>), which the dispatcher's state gives (a job's priority is the job's);
/// the same place must be given to remove it. Enumerating it yields every entry in claim order (a merge of the shelves;
/// for queries and tests, not for claims).
/// </summary>
public sealed class TaskQueue : IReadOnlyCollection<ClaimOrder>
{
    private readonly Dictionary<(string Type, string Tags), QueueShelf> _shelves = [];

    public int Count { get; private set; }

    /// <summary>The non-empty shelves, in no particular order (the concrete collection: a claim walks it without allocating).</summary>
    public Dictionary<(string Type, string Tags), QueueShelf>.ValueCollection Shelves => _shelves.Values;

    /// <summary>Adds the task at <paramref name="place"/>; a task already there is not added twice. Answers whether it was added.</summary>
    public bool Add(TaskRecord task, ClaimOrder place)
    {
        var key = QueueShelf.KeyOf(task);
        if (!_shelves.TryGetValue(key, out var shelf)) _shelves[key] = shelf = new QueueShelf(task.Type, task.Tags);
        if (!shelf.Entries.Add(place)) return false;
        Count++;
        return true;
    }

    /// <summary>Removes the task from <paramref name="place"/>; a task not in the queue is no change. Answers whether it was removed.</summary>
    public bool Remove(TaskRecord task, ClaimOrder place)
    {
        var key = QueueShelf.KeyOf(task);
        if (!_shelves.TryGetValue(key, out var shelf) || !shelf.Entries.Remove(place)) return false;
        Count--;
        if (shelf.Entries.Count == 0) _shelves.Remove(key);
        return true;
    }

    public IEnumerator<ClaimOrder> GetEnumerator()
    {
        var heads = new PriorityQueue<IEnumerator<ClaimOrder>, ClaimOrder>();
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
