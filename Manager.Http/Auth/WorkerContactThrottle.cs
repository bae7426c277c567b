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
/// <remarks>
/// A worker's entry is made once and then updated in place, and kept while the worker is heard at least once every
/// <see cref="KeptFor"/>: an idle farm's workers poll every few seconds, and an entry made again at each poll would be
/// garbage that lives until the next one, which the collector promotes to its oldest generation.
/// </remarks>
public sealed class WorkerContactThrottle
{
    /// <summary>How often entries are looked over for removal.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    /// <summary>An entry not told for this long is removed on the next sweep.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, ToldContact> _told = new();
    private long _lastSweepMs;

    /// <summary>When this node last told the worker's proxy, and the address it told (locked while read or changed).</summary>
    private sealed class ToldContact
    {
        public long AtMs = long.MinValue / 2; // never: any window has passed
        public string? IpAddress;
    }

    /// <summary>Whether this request is to be told to the proxy; records it if so. <paramref name="nowMs"/>: a monotonic clock.</summary>
    public bool ShouldTell(long workerId, string? ipAddress, long nowMs, TimeSpan window)
    {
        SweepIfDue(nowMs);
        var told = _told.GetOrAdd(workerId, static _ => new ToldContact());
        lock (told)
        {
            var sameAddress = ipAddress is null || ipAddress == told.IpAddress;
            if (nowMs - told.AtMs < (long)window.TotalMilliseconds && sameAddress) return false;
            told.AtMs = nowMs;
            if (!sameAddress) told.IpAddress = ipAddress;
            return true;
        }
    }

    private void SweepIfDue(long nowMs)
    {
        var last = Interlocked.Read(ref _lastSweepMs);
        if (nowMs - last < (long)SweepEvery.TotalMilliseconds || Interlocked.CompareExchange(ref _lastSweepMs, nowMs, last) != last) return;
        foreach (var (workerId, told) in _told)
            if (nowMs - Volatile.Read(ref told.AtMs) >= (long)KeptFor.TotalMilliseconds)
                _told.TryRemove(new KeyValuePair<long, ToldContact>(workerId, told));
    }

    /// <summary>Entries held (tests: the sweep keeps the map to the workers told within <see cref="KeptFor"/>).</summary>
    internal int Count => _told.Count;
}
