namespace Manager.Actors.Jobs;

/// <summary>A job's status, derived from its tasks' statuses by <see cref="JobStatusRules"/>.</summary>
public enum JobStatus
{
    Queued,
    Active,
    Paused,
    Completed,
    Failed,
    Canceled,
}

public static class JobStatusNames
{
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Active => "active",
        JobStatus.Paused => "paused",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? wire, out JobStatus status) => Common.WireNames.TryParse(wire, ToWire, out status);

    public static bool IsFinal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled;
}
