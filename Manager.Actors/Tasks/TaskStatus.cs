namespace Manager.Actors.Tasks;

public enum TaskStatus
{
    Queued,
    Rendering,
    Completed,
    Failed,
    Canceled,
    Paused,
}

public static class TaskStatusNames
{
    public static string ToWire(this TaskStatus status) => status switch
    {
        TaskStatus.Queued => "queued",
        TaskStatus.Rendering => "rendering",
        TaskStatus.Completed => "completed",
        TaskStatus.Failed => "failed",
        TaskStatus.Canceled => "canceled",
        TaskStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? wire, out TaskStatus status) => Common.WireNames.TryParse(wire, ToWire, out status);

    public static bool IsFinal(this TaskStatus status) =>
        status is TaskStatus.Completed or TaskStatus.Failed or TaskStatus.Canceled;
}
