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

    /// <summary>The widest <see cref="ContactWindow"/>.</summary>
    public static readonly TimeSpan MaxContactWindow = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A margin over how stale the proxy's last contact may be while the worker is talking: its node notes each request at
    /// once, but in a cluster another node's requests arrive in that node's next batch
    /// (<see cref="WorkerContactExchange.Interval"/>, 100 ms). A tenth of the timeout, at most <see cref="MaxContactWindow"/>.
    /// </summary>
    public static TimeSpan ContactWindow(TimeSpan timeout) => timeout / 10 < MaxContactWindow ? timeout / 10 : MaxContactWindow;

    /// <summary>
    /// Whether a loss the proxy reports crossed a poll the dispatcher served itself (<see cref="Tasks.PollFromWorker"/>, sent
    /// straight from the HTTP node, so not ordered behind the proxy's loss): a poll within the contact window means the
    /// worker is talking, and the loss is not declared (the proxy, told of the poll too, has abandoned it or starts a fresh
    /// grace period). A worker that is really silent polled at least timeout − window before its proxy reports it, which is
    /// more than the window (the window is at most a tenth of the timeout), so its loss is declared.
    /// </summary>
    public static bool CrossedAPoll(DateTimeOffset? lastPollServed, TimeSpan timeout, DateTimeOffset now) =>
        lastPollServed is { } polled && now - polled < ContactWindow(timeout);
}
