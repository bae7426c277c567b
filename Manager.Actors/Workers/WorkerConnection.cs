namespace Manager.Actors.Workers;

/// <summary>When a silent worker counts as offline.</summary>
public static class WorkerConnection
{
    public static DateTimeOffset Deadline(DateTimeOffset lastHeard, TimeSpan timeout) => lastHeard + timeout;

    public static bool IsSilent(DateTimeOffset lastHeard, TimeSpan timeout, DateTimeOffset now) =>
        now >= Deadline(lastHeard, timeout);

    /// <summary>
    /// Whether the dispatcher may declare a worker lost: only once it has itself been available (recovered and taking
    /// messages) for the whole timeout. Before that, what the proxy took for the worker's silence may have been the
    /// dispatcher's absence (the worker's updates and completions waited for it), so its (re)start counts as contact
    /// with every worker: the proxy gets a fresh grace period instead (docs/architecture.md, "A worker goes silent").
    /// </summary>
    public static bool MayDeclareLost(DateTimeOffset dispatcherAvailableSince, TimeSpan timeout, DateTimeOffset now) =>
        IsSilent(dispatcherAvailableSince, timeout, now);
}
