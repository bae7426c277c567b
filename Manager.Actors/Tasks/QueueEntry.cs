namespace Manager.Actors.Tasks;

/// <summary>A queued task's place in the scheduling order: priority descending, then submission order.</summary>
public readonly record struct QueueEntry(long Priority, long SubmitSeq, long TaskId) : IComparable<QueueEntry>
{
    public static QueueEntry Of(TaskRecord task) => new(task.Priority, task.SubmitSeq, task.Id);

    public int CompareTo(QueueEntry other)
    {
        var byPriority = other.Priority.CompareTo(Priority);
        return byPriority != 0 ? byPriority : SubmitSeq.CompareTo(other.SubmitSeq);
    }
}
