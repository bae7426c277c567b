using System.Collections.Concurrent;

namespace Manager.Actors.Workers;

/// <summary>
/// One per node (and actor system): when each worker was last heard from — any request it made on this node, and in a
/// cluster on any node (<see cref="WorkerContactExchange"/> shares each node's contacts with the others every
/// <see cref="WorkerContactExchange.Interval"/>). A worker's proxy reads it at its silence deadline and for
/// <c>last_seen</c>, as the worker directory does; so a request is one write here, not a message to the proxy.
/// Only news is still told to the proxy as <see cref="WorkerHeard"/> (<see cref="Heard"/> says when): the worker's first
/// request noted on this node, a new address, or any request while its proxy waits for one (<see cref="Watch"/>: a
/// worker reported or declared lost).
/// </summary>
/// <remarks>
/// An idle farm's workers each poll every few seconds, and everything such a poll leaves behind for seconds is promoted
/// by the garbage collector and scanned in every collection after: an entry is made once per worker and then changed in
/// place (numbers only; the address string only when it changes), and nothing else is kept per request.
/// Times are Unix milliseconds of the actor system's clock (<c>Scheduler.Now</c>), so virtual time in tests applies.
/// </remarks>
public sealed class WorkerContacts
{
    /// <summary>An entry not heard from for this long (and not watched) is removed by the next sweep; the
    /// worker's next request is then news again.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    /// <summary>How often <see cref="Heard"/> looks over the entries for removal.</summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private sealed class Contact
    {
        public long AtMs = long.MinValue;
        public string? IpAddress;
        /// <summary>A request of the worker was noted on this node (not only contacts other nodes shared).</summary>
        public bool HeardHere;
        /// <summary>The proxy waits for the worker's next request (<see cref="Watch"/>).</summary>
        public bool Watched;
        /// <summary>Heard on this node since the last <see cref="TakeUnshared"/>.</summary>
        public bool Unshared;
        /// <summary>Swept: a request that found it meanwhile makes a new entry.</summary>
        public bool Removed;
    }

    private readonly ConcurrentDictionary<long, Contact> _contacts = new();
    private readonly object _unsharedLock = new();
    private List<long> _unshared = [], _spare = [];
    private volatile bool _sharing;
    private long _lastSweepMs = long.MinValue / 2;

    /// <summary>
    /// A request of the worker on this node at <paramref name="nowMs"/>, noted before the request waits for anything.
    /// Answers whether the proxy must be told now (<see cref="WorkerHeard"/>): the first request noted here, one from a
    /// new address, or one the proxy is watching for (which ends the watch).
    /// </summary>
    public bool Heard(long workerId, string? ipAddress, long nowMs)
    {
        SweepIfDue(nowMs);
        while (true)
        {
            var contact = _contacts.GetOrAdd(workerId, static _ => new Contact());
            bool tell, share;
            lock (contact)
            {
                if (contact.Removed) continue;
                if (nowMs > contact.AtMs) contact.AtMs = nowMs;
                var newAddress = ipAddress is not null && ipAddress != contact.IpAddress;
                if (newAddress) contact.IpAddress = ipAddress; // the same address: the string held stays
                tell = !contact.HeardHere || newAddress || contact.Watched;
                contact.HeardHere = true;
                contact.Watched = false;
                share = _sharing && !contact.Unshared;
                if (share) contact.Unshared = true;
            }
            if (share)
                lock (_unsharedLock) _unshared.Add(workerId);
            return tell;
        }
    }

    /// <summary>
    /// A contact another node heard (<see cref="WorkerContactExchange"/>). Answers whether the proxy, on this node, is
    /// watching for it (which ends the watch): it is then to be told.
    /// </summary>
    public bool HeardElsewhere(long workerId, long atMs)
    {
        while (true)
        {
            var contact = _contacts.GetOrAdd(workerId, static _ => new Contact());
            lock (contact)
            {
                if (contact.Removed) continue;
                if (atMs <= contact.AtMs) return false;
                contact.AtMs = atMs;
                var watched = contact.Watched;
                contact.Watched = false;
                return watched;
            }
        }
    }

    /// <summary>When the worker was last heard from, as far as this node knows (null: not since this node started or swept it).</summary>
    public DateTimeOffset? LastHeard(long workerId)
    {
        if (!_contacts.TryGetValue(workerId, out var contact)) return null;
        var atMs = Volatile.Read(ref contact.AtMs);
        return atMs == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(atMs);
    }

    /// <summary>
    /// The proxy (of a worker it reported or declared lost) wants the worker's next request told as news, on this node
    /// or — through the exchange — on any other. Answers when the worker was last heard from, read together with the
    /// watch: a contact newer than the one the proxy judged by arrived meanwhile.
    /// </summary>
    public DateTimeOffset? Watch(long workerId)
    {
        while (true)
        {
            var contact = _contacts.GetOrAdd(workerId, static _ => new Contact());
            lock (contact)
            {
                if (contact.Removed) continue;
                contact.Watched = true;
                return contact.AtMs == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(contact.AtMs);
            }
        }
    }

    /// <summary>
    /// The worker was removed: its entry goes now (a watched entry is never swept, and would stay until a restart).
    /// One in the batch not yet shared stays for <see cref="TakeUnshared"/> and is swept later, unwatched.
    /// </summary>
    public void Forget(long workerId)
    {
        if (!_contacts.TryGetValue(workerId, out var contact)) return;
        lock (contact)
        {
            contact.Watched = false;
            if (contact.Unshared) return;
            contact.Removed = true;
            _contacts.TryRemove(new KeyValuePair<long, Contact>(workerId, contact));
        }
    }

    /// <summary>From now on, the contacts heard on this node are kept for <see cref="TakeUnshared"/> (a cluster node's exchange).</summary>
    public void StartSharing() => _sharing = true;

    /// <summary>Each worker heard on this node since the last call, once, with its latest contact (for the other nodes).</summary>
    public (long[] WorkerIds, long[] AtMs) TakeUnshared()
    {
        List<long> taken;
        lock (_unsharedLock)
        {
            taken = _unshared;
            (_unshared, _spare) = (_spare, taken);
        }
        var ids = new long[taken.Count];
        var times = new long[taken.Count];
        for (var i = 0; i < taken.Count; i++)
        {
            var contact = _contacts[taken[i]]; // an unshared entry is not swept
            lock (contact)
            {
                contact.Unshared = false;
                ids[i] = taken[i];
                times[i] = contact.AtMs;
            }
        }
        taken.Clear();
        return (ids, times);
    }

    /// <summary>Removes the entries not heard from within <see cref="KeptFor"/> (watched ones stay), at most once per <see cref="SweepEvery"/>.</summary>
    private void SweepIfDue(long nowMs)
    {
        var last = Interlocked.Read(ref _lastSweepMs);
        if (nowMs - last < (long)SweepEvery.TotalMilliseconds || Interlocked.CompareExchange(ref _lastSweepMs, nowMs, last) != last) return;
        foreach (var (workerId, contact) in _contacts)
            lock (contact)
                if (!contact.Watched && !contact.Unshared && nowMs - contact.AtMs >= (long)KeptFor.TotalMilliseconds)
                {
                    contact.Removed = true;
                    _contacts.TryRemove(new KeyValuePair<long, Contact>(workerId, contact));
                }
    }

    /// <summary>The later of two times, either of which may be unknown.</summary>
    public static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => b > a || a is null ? b : a;

    /// <summary>Entries held (tests).</summary>
    internal int Count => _contacts.Count;
}
