using System.Collections.Concurrent;

namespace Manager.Http.Auth;

/// <summary>
/// Decides which of a worker's requests on this node tell its proxy <see cref="Manager.Actors.Workers.WorkerHeard"/>:
/// the first one, then at most one per <see cref="Window"/>, and any request from a new address at once. A busy worker sends
/// several requests a second; in a cluster each told contact is a remoting message to the node of the worker's shard, and
/// the proxy only needs to know the worker spoke within <c>worker_timeout_seconds</c>. The window is a tenth of that
/// timeout, at most one second, so a contact is never later than a tenth of the timeout.
/// </summary>
public sealed class WorkerContactThrottle
{
    /// <summary>The longest a told contact may be followed by untold ones.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(1);

    /// <summary>Entries older than this are removed on the next sweep (each is useless after its window anyway).</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, ToldContact> _told = new();
    private long _lastSweepMs;

    private readonly record struct ToldContact(long AtMs, string? IpAddress);

    /// <summary>The window for a worker timeout: a tenth of it, at most <see cref="MaxWindow"/>.</summary>
    public static TimeSpan Window(TimeSpan workerTimeout) =>
        workerTimeout / 10 < MaxWindow ? workerTimeout / 10 : MaxWindow;

    /// <summary>Whether this request is to be told to the proxy; records it if so. <paramref name="nowMs"/>: a monotonic clock.</summary>
    public bool ShouldTell(long workerId, string? ipAddress, long nowMs, TimeSpan window)
    {
        SweepIfDue(nowMs, window);
        if (_told.TryGetValue(workerId, out var last) && nowMs - last.AtMs < (long)window.TotalMilliseconds
            && (ipAddress is null || ipAddress == last.IpAddress))
            return false;
        _told[workerId] = new ToldContact(nowMs, ipAddress ?? last.IpAddress);
        return true;
    }

    private void SweepIfDue(long nowMs, TimeSpan window)
    {
        var last = Interlocked.Read(ref _lastSweepMs);
        if (nowMs - last < (long)SweepEvery.TotalMilliseconds || Interlocked.CompareExchange(ref _lastSweepMs, nowMs, last) != last) return;
        foreach (var (workerId, told) in _told)
            if (nowMs - told.AtMs >= (long)window.TotalMilliseconds)
                _told.TryRemove(new KeyValuePair<long, ToldContact>(workerId, told));
    }

    /// <summary>Entries held (tests: the sweep keeps the map to the workers heard within the window).</summary>
    internal int Count => _told.Count;
}
