namespace Manager.Http.Logs;

/// <summary>A log chunk could not be stored durably (disk full, I/O error, no permission): answer 503, change nothing.</summary>
public sealed class TaskLogUnavailableException(long taskId, Exception inner)
    : IOException($"the log of task {taskId} cannot be written: {inner.Message}", inner)
{
    public long TaskId { get; } = taskId;
}
