using System.Collections.Concurrent;
using Manager.Actors.Workers;

namespace Manager.Http.Auth;

/// <summary>
/// Decides which of a worker's requests on this node tell its proxy <see cref="WorkerHeard"/>:
/// the first one, then at most one per window (<see cref="WorkerConnection.ContactWindow"/>: a tenth of
/// <c>worker_timeout_seconds</c>, at most a second), and any request from a new address at once. A busy worker sends
/// several requests a second; in a cluster each told contact is a remoting message to the node of the worker's shard, and
/// the proxy only needs to know the worker spoke within the timeout.
/// </summary>
public sealed class WorkerContactThrottle
{
    /// <summary>Entries older than this are removed on the next sweep (each is useless after its window anyway).</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, ToldContact> _told = new();
    private long _lastSweepMs;

    private readonly record struct ToldContact(long AtMs, string? IpAddress);

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
