namespace Manager.Http.Logs;

/// <summary>
/// A task's log could not be written durably or read (disk full, I/O error, no permission): answer 503. A failed write
/// stored nothing of the chunk.
/// </summary>
public sealed class TaskLogUnavailableException(long taskId, Exception inner, string access = "written")
    : IOException($"the log of task {taskId} cannot be {access}: {inner.Message}", inner)
{
    public long TaskId { get; } = taskId;
}
