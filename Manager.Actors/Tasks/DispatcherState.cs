using System.Collections.Immutable;
using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>
/// The task queue, owned by the <see cref="TaskDispatcher"/> and changed in place by <see cref="Apply"/> only. Apply
/// trusts the event (the rules in <see cref="TaskRules"/> decided it), so replaying the journal rebuilds the same
/// state; the rules only read it. Mutable on purpose: in an immutable tree of 100,000 tasks every change copied ~17
/// nodes (and the queue's as many again), in place it is a hash-table write; replaying a journal and deciding claims
/// under load got measurably faster (BENCHMARKS.md). A snapshot saves its parts (<see cref="DispatcherStateSnapshot.Of"/>).
/// </summary>
public sealed class DispatcherState
{
    private readonly Dictionary<long, TaskRecord> _tasks;
    private readonly TaskQueue _queue = new();
    private readonly Dictionary<long, long> _taskHeldByWorker = [];
    private readonly HashSet<long> _deletedIds;
    private readonly TaskIdIndex _ids = new();

    public DispatcherState() : this([], [], ImmutableDictionary<long, ImmutableDictionary<string, int>>.Empty, 1, 1, 0)
    {
    }

    /// <summary>The queue, the holder index and the id index are derived from the tasks.</summary>
    private DispatcherState(Dictionary<long, TaskRecord> tasks, HashSet<long> deleted,
        ImmutableDictionary<long, ImmutableDictionary<string, int>> failures, long nextId, long nextSubmitSeq, long lastAssignment)
    {
        _tasks = tasks;
        _deletedIds = deleted;
        foreach (var task in tasks.Values)
        {
            IndexStatus(task);
            _ids.Add(task);
        }
        FailuresByWorkerAndType = failures;
        NextId = nextId;
        NextSubmitSeq = nextSubmitSeq;
        LastAssignment = lastAssignment;
    }

    public IReadOnlyDictionary<long, TaskRecord> Tasks => _tasks;

    /// <summary>Queued tasks, on shelves by type and tags; enumerated, in scheduling order (<see cref="QueueEntry"/>).</summary>
    public TaskQueue Queue => _queue;

    public IReadOnlyDictionary<long, long> TaskHeldByWorker => _taskHeldByWorker;
    public IReadOnlySet<long> DeletedIds => _deletedIds;
    public long NextId { get; private set; }
    public long NextSubmitSeq { get; private set; }
    public long LastAssignment { get; private set; }

    /// <summary>Changes rarely (failures), so it stays immutable and a snapshot shares it.</summary>
    public ImmutableDictionary<long, ImmutableDictionary<string, int>> FailuresByWorkerAndType { get; private set; }

    /// <summary>The state with these tasks; the queue and the holder index are derived from them (snapshot reading).</summary>
    public static DispatcherState Restore(IEnumerable<TaskRecord> tasks, IEnumerable<long> deletedIds,
        ImmutableDictionary<long, ImmutableDictionary<string, int>> failures, long nextId, long nextSubmitSeq, long lastAssignment) =>
        new(tasks.ToDictionary(t => t.Id), [.. deletedIds], failures, nextId, nextSubmitSeq, lastAssignment);

    /// <summary>The state after these events, from empty.</summary>
    public static DispatcherState Replay(IEnumerable<ITaskEvent> events)
    {
        var state = new DispatcherState();
        foreach (var e in events) state.Apply(e);
        return state;
    }

    /// <summary>Tasks with ids above <paramref name="after"/> in id order, with this status and/or holder (or last
    /// holder) when given: a page costs O(log n) plus the tasks it reads (<see cref="TaskIdIndex"/>).</summary>
    public IEnumerable<TaskRecord> TasksAfter(long after, TaskStatus? status = null, long? workerId = null) =>
        _ids.After(after, status, workerId)
            .Select(id => _tasks[id])
            .Where(t => (status is null || t.Status == status) && (workerId is null || t.WorkerId == workerId));

    /// <summary>
    /// The id the manager gives the next task submitted without one: <see cref="NextId"/> (above every id ever used, so
    /// ids only grow and a deleted id is never given again), skipping any id still taken; null when it would pass
    /// <see cref="Bounds.MaxId"/>. Only reads the state, so replaying the journal allocates nothing and recovery
    /// stays deterministic: the id travels in the <see cref="TaskSubmitted"/> event.
    /// </summary>
    public long? AllocateId()
    {
        for (var id = NextId; id <= Bounds.MaxId; id++)
            if (!IsTaken(id)) return id;
        return null;
    }

    public bool IsTaken(long id) => _tasks.ContainsKey(id) || _deletedIds.Contains(id);

    public long? HeldTask(long workerId) => _taskHeldByWorker.TryGetValue(workerId, out var id) ? id : null;

    public int FailureCount(long workerId, string type) =>
        FailuresByWorkerAndType.TryGetValue(workerId, out var byType) && byType.TryGetValue(type, out var n) ? n : 0;

    public void Apply(ITaskEvent e)
    {
        switch (e)
        {
            case TaskSubmitted s:
                Index(s.Task);
                _ids.Add(s.Task);
                // Saturating: an id of long.MaxValue (allowed before ids were bounded) must not wrap NextId around.
                NextId = Math.Max(NextId, s.Task.Id == long.MaxValue ? long.MaxValue : s.Task.Id + 1);
                NextSubmitSeq = Math.Max(NextSubmitSeq, s.Task.SubmitSeq + 1);
                break;
            case TaskDeleted d:
                _ids.Remove(_tasks[d.TaskId]);
                Unindex(_tasks[d.TaskId]);
                _deletedIds.Add(d.TaskId);
                break;
            case WorkerBlocklistCleared b:
                FailuresByWorkerAndType = FailuresByWorkerAndType.Remove(b.WorkerId);
                break;
            default:
                var before = _tasks[e.TaskId];
                var after = TaskTransitions.Apply(before, e);
                if (e is TaskFailed f) CountFailure(f.WorkerId, before.Type);
                if (e is TaskAssigned a) LastAssignment = Math.Max(LastAssignment, a.Assignment);
                Unindex(before);
                Index(after);
                _ids.Update(before, after);
                break;
        }
    }

    /// <summary>Adds or replaces a task and keeps the queue and the holder index in step with its status.</summary>
    private void Index(TaskRecord task)
    {
        _tasks[task.Id] = task;
        IndexStatus(task);
    }

    private void IndexStatus(TaskRecord task)
    {
        if (task.Status == TaskStatus.Queued) _queue.Add(task);
        if (task.Status == TaskStatus.Rendering && task.WorkerId is { } holder) _taskHeldByWorker[holder] = task.Id;
    }

    private void Unindex(TaskRecord task)
    {
        _tasks.Remove(task.Id);
        if (task.Status == TaskStatus.Queued) _queue.Remove(task);
        if (task.Status == TaskStatus.Rendering && task.WorkerId is { } holder) _taskHeldByWorker.Remove(holder);
    }

    private void CountFailure(long workerId, string type)
    {
        var byType = FailuresByWorkerAndType.GetValueOrDefault(workerId) ?? ImmutableDictionary<string, int>.Empty;
        FailuresByWorkerAndType = FailuresByWorkerAndType.SetItem(workerId, byType.SetItem(type, byType.GetValueOrDefault(type) + 1));
    }
}
