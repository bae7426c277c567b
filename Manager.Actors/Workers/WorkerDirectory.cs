using Akka.Actor;
using Akka.Event;
using Manager.Actors.Common;
using Manager.Actors.Events;

namespace Manager.Actors.Workers;

/// <summary>
/// The read model GET /workers answers from: every registered worker's <see cref="WorkerView"/>, kept up to date by
/// the proxies (<see cref="WorkerShown"/>, <see cref="WorkerGone"/>), so a listing is one ask instead of one per worker.
/// One per manager: a plain actor on a single node, a cluster singleton (beside the registry) in a cluster, where the
/// proxies on every node tell it through their node's <see cref="WorkerNoticeBatcher"/> (<see cref="WorkersShown"/>).
/// It keeps nothing durable: at its start (a restart, or the singleton moving) it asks the registry for every id and
/// each proxy for its view (<see cref="ShowWorker"/>), and answers no listing until all have answered (or
/// <see cref="ReadyWithin"/> passed), so a listing is never partial because the directory is new. It asks again every
/// <c>refreshEvery</c>, so a notice lost on the way (a singleton moving, a node leaving) leaves it wrong at most that long;
/// that refresh asks the proxies a slice every <see cref="RefreshSliceEvery"/> (<see cref="RefreshRound"/>), not in one burst.
/// Every <see cref="FarmEventPublishing.Interval"/> it publishes the views that changed since the last time, and the
/// counts by connection and switch (<see cref="WorkersChanged"/>), for the live event stream and the metrics. A host
/// name shows one worker, the newest id: should a removal's notice be lost, a host name registered again does not show twice. Listings are slices of a sorted copy
/// made once after a change, so a page costs no walk over the other workers; a notice that only moves last_seen changes
/// neither that copy nor the view held (<see cref="Current"/>).
/// </summary>
public sealed class WorkerDirectory : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public const string Id = "worker-directory";
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(60);
    /// <summary>How long a new directory holds listings back for proxies that have not answered yet.</summary>
    public static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(10);
    /// <summary>How often a refresh asks its next slice of proxies.</summary>
    public static readonly TimeSpan RefreshSliceEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private const string RefreshTimer = "refresh";
    private const string RefreshSliceTimer = "refresh-slice";
    private const string RetryTimer = "retry";
    private const string ReadyTimer = "ready";
    private const string PublishTimer = "publish";

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed record RefreshSlice
    {
        public static readonly RefreshSlice Instance = new();
    }

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed record GiveUpWaiting
    {
        public static readonly GiveUpWaiting Instance = new();
    }

    private sealed record PublishChanges
    {
        public static readonly PublishChanges Instance = new();
    }

    private readonly Func<IActorRef?> _registry;
    private readonly Func<IActorRef?> _workers;
    private readonly TimeSpan _refreshEvery;
    private readonly Action<IFarmEvent> _publish;
    private readonly WorkerContacts? _contacts;
    private readonly PendingChanges _changes = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<long, WorkerView> _views = new();

    /// <summary>Each worker's newest last_seen, which the view held may be behind (<see cref="Current"/>).</summary>
    private readonly Dictionary<long, DateTimeOffset?> _lastSeen = new();
    private readonly Dictionary<string, long> _idByHostname = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The views' counts, moved with each view shown or forgotten (the batches carry them; no walk).</summary>
    private WorkerCounts _counts = WorkerCounts.None;

    /// <summary>The views in id order, made at the first listing after a change (null: changed since).</summary>
    private WorkerView[]? _ordered;

    /// <summary>Until the first listing of ids was answered by every proxy: the ids heard from since the start; null once ready.</summary>
    private HashSet<long>? _heardSinceStart = [];

    /// <summary>The ids of the first listing whose proxies have not answered yet (null before that listing came).</summary>
    private HashSet<long>? _awaited;

    /// <summary>The periodic refresh under way (null between refreshes).</summary>
    private RefreshRound? _round;

    /// <param name="registry">The <see cref="WorkerRegistry"/> (null while not started yet).</param>
    /// <param name="workers">Where <see cref="IWorkerMessage"/>s go: the proxies' parent or shard region (null while not started yet).</param>
    /// <param name="publish">Where the batches of changed views go (<see cref="FarmEventPublishing"/>); null: this actor system's EventStream.</param>
    /// <param name="contacts">This node's table of contacts, which has every worker's latest request (null: the notices' last_seen only).</param>
    public WorkerDirectory(Func<IActorRef?> registry, Func<IActorRef?> workers, TimeSpan refreshEvery, Action<IFarmEvent>? publish = null,
        WorkerContacts? contacts = null)
    {
        _registry = registry;
        _workers = workers;
        _refreshEvery = refreshEvery;
        _publish = publish ?? FarmEventPublishing.Local(Context.System);
        _contacts = contacts;

        Receive<WorkerShown>(s => Shown(s.View));
        Receive<WorkersShown>(batch =>
        {
            foreach (var view in batch.Views) Shown(view);
        });
        Receive<WorkerGone>(g =>
        {
            Forget(g.WorkerId);
            Heard(g.WorkerId);
        });
        Receive<ListWorkerViews>(q =>
        {
            if (_heardSinceStart is not null) Stash.Stash();
            else Sender.Answer(q, Outcome.Done(Page(q)));
        });
        Receive<Refresh>(_ => AskForIds());
        Receive<RefreshSlice>(_ => AskNextSlice());
        Receive<PublishChanges>(_ => Publish());
        Receive<Retry>(_ =>
        {
            if (_awaited is null) AskForIds();
            else ShowAll(_awaited);
        });
        Receive<GiveUpWaiting>(_ =>
        {
            _log.Warning("{0} worker proxies did not show their worker within {1} s; GET /workers answers without them until they do",
                _awaited?.Count.ToString() ?? "the registry and its", (int)ReadyWithin.TotalSeconds);
            Ready();
        });
        Receive<Outcome<IReadOnlyList<long>>>(outcome =>
        {
            if (!outcome.IsDone(out var ids)) return;
            // The ids the directory knows too: a removal whose notice was lost is corrected by its proxy's WorkerGone.
            var asked = ids.Union(_views.Keys).ToList();
            if (_heardSinceStart is null)
            {
                StartRound(asked);
                return;
            }
            ShowAll(asked); // a new directory waits for every answer: all at once
            if (_awaited is not null) return;
            _awaited = ids.Where(id => !_heardSinceStart.Contains(id)).ToHashSet();
            if (_awaited.Count == 0) Ready();
            else Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, RetryAfter);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(Func<IActorRef?> registry, Func<IActorRef?> workers, TimeSpan? refreshEvery = null,
        Action<IFarmEvent>? publish = null, WorkerContacts? contacts = null) =>
        Akka.Actor.Props.Create(() => new WorkerDirectory(registry, workers, refreshEvery ?? DefaultRefresh, publish, contacts));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, RetryAfter);
        Timers.StartSingleTimer(ReadyTimer, GiveUpWaiting.Instance, ReadyWithin);
        Timers.StartPeriodicTimer(PublishTimer, PublishChanges.Instance, FarmEventPublishing.Interval);
        AskForIds();
    }

    /// <summary>A proxy's notice, alone or in a batch.</summary>
    private void Shown(WorkerView view)
    {
        Show(view);
        Heard(view.Record.Id);
    }

    private void Show(WorkerView view)
    {
        var id = view.Record.Id;
        if (_idByHostname.TryGetValue(view.Record.Hostname, out var shown) && shown != id)
        {
            if (shown > id) return; // an older worker of this host name, removed but its notice lost
            if (_views.Remove(shown, out var replaced)) _counts = _counts.Add(replaced, -1);
            _lastSeen.Remove(shown);
            _changes.Removed(shown);
        }
        _idByHostname[view.Record.Hostname] = id;
        _lastSeen[id] = view.LastSeen;
        var known = _views.TryGetValue(id, out var before);
        // last_seen alone moves every few seconds for every worker: kept apart, the view held stays (a view kept for
        // seconds is garbage the collector has to promote), and not worth an event (50,000 workers: 5,000 a second).
        if (known && Equals(before, view with { LastSeen = before!.LastSeen })) return;
        _views[id] = view;
        _counts = (known ? _counts.Add(before!, -1) : _counts).Add(view, 1);
        _ordered = null;
        _changes.Changed(id);
    }

    /// <summary>
    /// The view as GET /workers shows it: the one held, with its newest last_seen (told by the proxy, or the latest
    /// request in the node's contacts); a view made for that is held from then on (a listing or an event is rare next to
    /// polls, and the HTTP layer renders a view instance only once).
    /// </summary>
    private WorkerView Current(WorkerView held)
    {
        var lastSeen = WorkerContacts.Later(_lastSeen.GetValueOrDefault(held.Record.Id), _contacts?.LastHeard(held.Record.Id));
        if (lastSeen is null || lastSeen == held.LastSeen) return held;
        var current = held with { LastSeen = lastSeen };
        _views[held.Record.Id] = current;
        return current;
    }

    private void Forget(long workerId)
    {
        _lastSeen.Remove(workerId);
        if (!_views.Remove(workerId, out var view)) return;
        _counts = _counts.Add(view, -1);
        _changes.Removed(workerId);
        if (_idByHostname.TryGetValue(view.Record.Hostname, out var shown) && shown == workerId)
            _idByHostname.Remove(view.Record.Hostname);
        _ordered = null;
    }

    private void Publish()
    {
        if (_changes.IsEmpty) return;
        var (changed, removed) = _changes.Take(FarmEventPublishing.MaxPerBatch);
        _publish(new WorkersChanged(changed.Where(_views.ContainsKey).Select(id => Current(_views[id])).ToList(), removed, _counts));
    }

    /// <summary>A slice of the sorted copy (made once after a change), each view with its newest last_seen.</summary>
    private IReadOnlyList<WorkerView> Page(ListWorkerViews query)
    {
        _ordered ??= [.. _views.Values];
        var start = FirstAfter(_ordered, query.AfterId);
        var page = new WorkerView[Math.Min(query.Limit, _ordered.Length - start)];
        for (var i = 0; i < page.Length; i++) page[i] = _ordered[start + i] = Current(_ordered[start + i]);
        return page;
    }

    /// <summary>The index of the first view whose id is above <paramref name="afterId"/> (binary search).</summary>
    private static int FirstAfter(WorkerView[] ordered, long afterId)
    {
        int low = 0, high = ordered.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (ordered[middle].Record.Id <= afterId) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>The registry may be starting or moving: the retry timer asks again until the first listing came.</summary>
    private void AskForIds() => _registry()?.Tell(ListWorkerIds.Instance);

    private void ShowAll(IEnumerable<long> ids)
    {
        if (_workers() is not { } workers) return;
        foreach (var id in ids) workers.Tell(new ShowWorker(id));
    }

    private void StartRound(IReadOnlyList<long> ids)
    {
        _round = new RefreshRound(ids, RefreshRound.SlicesFor(_refreshEvery, RefreshSliceEvery));
        Timers.StartPeriodicTimer(RefreshSliceTimer, RefreshSlice.Instance, RefreshSliceEvery);
        AskNextSlice();
    }

    private void AskNextSlice()
    {
        if (_round is null) return;
        ShowAll(_round.NextSlice());
        if (!_round.IsDone) return;
        _round = null;
        Timers.Cancel(RefreshSliceTimer);
    }

    private void Heard(long workerId)
    {
        if (_heardSinceStart is null) return;
        _heardSinceStart.Add(workerId);
        if (_awaited is not null && _awaited.Remove(workerId) && _awaited.Count == 0) Ready();
    }

    private void Ready()
    {
        if (_heardSinceStart is null) return;
        _heardSinceStart = null;
        _awaited = null;
        Timers.Cancel(RetryTimer);
        Timers.Cancel(ReadyTimer);
        Timers.StartPeriodicTimer(RefreshTimer, Refresh.Instance, _refreshEvery);
        Stash.UnstashAll();
    }
}
