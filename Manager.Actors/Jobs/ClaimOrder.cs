namespace Manager.Actors.Jobs;

/// <summary>
/// A queued task's place in the claim order (docs/api.md, "Scheduling"):
/// job priority descending (a task submitted alone counts as a job of its own, with its own priority), then preview
/// tasks first, then task priority descending, then submission order. The task id breaks no real tie (submission
/// order is unique) but keeps two entries of different tasks from ever comparing equal, as a sorted set needs.
/// The sorted queue holds it (<see cref="Tasks.TaskQueue"/>).
/// </summary>
/// <param name="SubmitSeq">Submission order, not the id: a submitter may choose ids.</param>
public readonly record struct ClaimOrder(long JobPriority, bool Preview, long TaskPriority, long SubmitSeq, long TaskId)
    : IComparable<ClaimOrder>
{
    /// <summary>A task submitted alone: its own job, its own priority, never a preview.</summary>
    public static ClaimOrder Alone(long taskPriority, long submitSeq, long taskId) =>
        new(taskPriority, false, taskPriority, submitSeq, taskId);

    public int CompareTo(ClaimOrder other)
    {
        var c = other.JobPriority.CompareTo(JobPriority);
        if (c != 0) return c;
        c = other.Preview.CompareTo(Preview);
        if (c != 0) return c;
        c = other.TaskPriority.CompareTo(TaskPriority);
        if (c != 0) return c;
        c = SubmitSeq.CompareTo(other.SubmitSeq);
        return c != 0 ? c : TaskId.CompareTo(other.TaskId);
    }

    public static bool operator <(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) < 0;
    public static bool operator >(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) > 0;
    public static bool operator <=(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ClaimOrder a, ClaimOrder b) => a.CompareTo(b) >= 0;
}
