namespace Manager.Actors.Workers;

/// <summary>When a silent worker counts as offline.</summary>
public static class WorkerConnection
{
    public static DateTimeOffset Deadline(DateTimeOffset lastHeard, TimeSpan timeout) => lastHeard + timeout;

    public static bool IsSilent(DateTimeOffset lastHeard, TimeSpan timeout, DateTimeOffset now) =>
        now >= Deadline(lastHeard, timeout);
}
