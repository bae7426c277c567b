namespace Manager.Worker;

/// <summary>
/// What every <c>PATCH /tasks/{id}</c> of one session carries so that the manager can refuse a stale
/// holder's update: the <c>worker_id</c>, the <c>assignment</c> read from <c>GET /tasks/{id}</c>,
/// and for a log chunk its number (<c>log_seq</c> 1, 2, 3 … within the assignment).
/// </summary>
internal sealed class TaskFence(long workerId)
{
    private long _lastLogSeq;

    /// <summary>From <c>GET /tasks/{id}</c>; <c>null</c> until then (or from a manager without assignments).</summary>
    public long? Assignment { get; set; }

    /// <summary>An update of this task: fenced by the worker and the assignment.</summary>
    public TaskUpdate Update() => new() { WorkerId = workerId, Assignment = Assignment };

    /// <summary>
    /// The next log chunk's number. Only with an assignment: the manager reads <c>log_seq</c>
    /// together with <c>assignment</c>.
    /// </summary>
    public long? NextLogSeq() => Assignment is null ? null : Interlocked.Increment(ref _lastLogSeq);
}
