using Akka.Actor;
using Akka.Event;
using Manager.Actors.Common;

namespace Manager.Actors.Workers;

/// <summary>
/// The read model GET /workers answers from: every registered worker's <see cref="WorkerView"/>, kept up to date by
/// the proxies (<see cref="WorkerShown"/>, <see cref="WorkerGone"/>), so a listing is one ask instead of one per worker.
/// One per manager: a plain actor on a single node, a cluster singleton (beside the registry) in a cluster, where the
/// proxies on every node tell it through the singleton proxy. It keeps nothing durable: at its start (a restart, or the
/// singleton moving) it asks the registry for every id and each proxy for its view (<see cref="ShowWorker"/>), and
/// answers no listing until all have answered (or <see cref="ReadyWithin"/> passed), so a listing is never partial
/// because the directory is new. It asks again every <c>refreshEvery</c>, so a notice lost on the way (a singleton
/// moving, a node leaving) leaves it wrong at most that long.
/// </summary>
public sealed class WorkerDirectory : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public const string Id = "worker-directory";
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(60);
    /// <summary>How long a new directory holds listings back for proxies that have not answered yet.</summary>
    public static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private const string RefreshTimer = "refresh";
    private const string RetryTimer = "retry";
    private const string ReadyTimer = "ready";

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed record GiveUpWaiting
    {
        public static readonly GiveUpWaiting Instance = new();
    }

    private readonly Func<IActorRef?> _registry;
    private readonly Func<IActorRef?> _workers;
    private readonly TimeSpan _refreshEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<long, WorkerView> _views = new();

    /// <summary>Until the first listing of ids was answered by every proxy: the ids heard from since the start; null once ready.</summary>
    private HashSet<long>? _heardSinceStart = [];

    /// <summary>The ids of the first listing whose proxies have not answered yet (null before that listing came).</summary>
    private HashSet<long>? _awaited;

    /// <param name="registry">The <see cref="WorkerRegistry"/> (null while not started yet).</param>
    /// <param name="workers">Where <see cref="IWorkerMessage"/>s go: the proxies' parent or shard region (null while not started yet).</param>
    public WorkerDirectory(Func<IActorRef?> registry, Func<IActorRef?> workers, TimeSpan refreshEvery)
    {
        _registry = registry;
        _workers = workers;
        _refreshEvery = refreshEvery;

        Receive<WorkerShown>(s =>
        {
            _views[s.View.Record.Id] = s.View;
            Heard(s.View.Record.Id);
        });
        Receive<WorkerGone>(g =>
        {
            _views.Remove(g.WorkerId);
            Heard(g.WorkerId);
        });
        Receive<ListWorkerViews>(q =>
        {
            if (_heardSinceStart is not null) Stash.Stash();
            else Sender.Answer(q, Outcome.Done<IReadOnlyList<WorkerView>>(
                _views.SkipWhile(kv => kv.Key <= q.AfterId).Take(q.Limit).Select(kv => kv.Value).ToList()));
        });
        Receive<Refresh>(_ => AskForIds());
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
            ShowAll(ids.Union(_views.Keys).ToList());
            if (_heardSinceStart is null || _awaited is not null) return;
            _awaited = ids.Where(id => !_heardSinceStart.Contains(id)).ToHashSet();
            if (_awaited.Count == 0) Ready();
            else Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, RetryAfter);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(Func<IActorRef?> registry, Func<IActorRef?> workers, TimeSpan? refreshEvery = null) =>
        Akka.Actor.Props.Create(() => new WorkerDirectory(registry, workers, refreshEvery ?? DefaultRefresh));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, RetryAfter);
        Timers.StartSingleTimer(ReadyTimer, GiveUpWaiting.Instance, ReadyWithin);
        AskForIds();
    }

    /// <summary>The registry may be starting or moving: the retry timer asks again until the first listing came.</summary>
    private void AskForIds() => _registry()?.Tell(ListWorkerIds.Instance);

    private void ShowAll(IEnumerable<long> ids)
    {
        if (_workers() is not { } workers) return;
        foreach (var id in ids) workers.Tell(new ShowWorker(id));
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
