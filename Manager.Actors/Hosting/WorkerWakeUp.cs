using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Manager.Actors.Common;
using Manager.Actors.Workers;

namespace Manager.Actors.Hosting;

/// <summary>
/// One per node in a cluster. Remember-entities is off, so when a node leaves or is downed the worker proxies it
/// hosted are gone until their worker's next request. A worker that is silent then would never be noticed (its
/// task would stay assigned), so after every member removal this asks the registry for all worker ids and starts
/// each proxy through the shard region; a started proxy begins a fresh grace period on its new node.
/// Each proxy must answer: right after a removal the region may still route a shard to the removed node, so a
/// wake-up that got no answer is sent again until it does (or <see cref="MaxRounds"/> rounds passed).
/// At most <see cref="MaxInFlight"/> wake-ups are unanswered at a time, and one list of ids is woken per removal (the
/// registry answers every question the retries sent once it is back): the node that just lost a third of the cluster
/// also takes over its shards and its workers' polls, and 50,000 asks at once, several times over, overloaded the
/// survivors until they took each other for unreachable and one downed itself.
/// </summary>
public sealed class WorkerWakeUp : ReceiveActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private const int MaxRounds = 20;

    /// <summary>Wake-ups sent and not answered yet, at most.</summary>
    public const int MaxInFlight = 200;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed record Woken(long WorkerId, bool Answered, int Round);

    private readonly IActorRef _registry;
    private readonly IActorRef _workers;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>The workers to wake, each with the round it will be (a proxy that did not answer goes to the back).</summary>
    private readonly Queue<(long WorkerId, int Round)> _toWake = new();

    private int _inFlight;

    /// <summary>Whether the registry's list is awaited (a removal since the last list taken).</summary>
    private bool _idsAwaited;

    public WorkerWakeUp(IActorRef registry, IActorRef workers)
    {
        _registry = registry;
        _workers = workers;

        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _log.Info("{0} left the cluster; waking every worker proxy so the moved ones restart their silence timers", removed.Member.Address);
            AskForIds();
        });
        Receive<Retry>(_ => AskForIds());
        Receive<Outcome<IReadOnlyList<long>>>(outcome =>
        {
            if (!_idsAwaited || !outcome.IsDone(out var ids)) return; // a second answer (to a retried question): taken already
            _idsAwaited = false;
            Timers.Cancel(RetryTimer);
            _toWake.Clear(); // a newer removal's list has every worker
            foreach (var id in ids) _toWake.Enqueue((id, 1));
            _log.Info("waking {0} worker proxies, at most {1} at a time", _toWake.Count, MaxInFlight);
            WakeMore();
        });
        Receive<Woken>(w =>
        {
            _inFlight--;
            if (!w.Answered)
            {
                if (w.Round >= MaxRounds)
                    _log.Warning("the proxy of worker {0} did not answer {1} wake-ups; it starts with the worker's next request", w.WorkerId, MaxRounds);
                else _toWake.Enqueue((w.WorkerId, w.Round + 1));
            }
            WakeMore();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef registry, IActorRef workers) =>
        Akka.Actor.Props.Create(() => new WorkerWakeUp(registry, workers));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>
    /// The registry may itself be moving; ask again until it answers. The timer is armed before the question goes
    /// out, so whoever sees the question (a test advancing virtual time) also finds the retry already scheduled.
    /// </summary>
    private void AskForIds()
    {
        _idsAwaited = true;
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, RetryAfter);
        _registry.Tell(ListWorkerIds.Instance);
    }

    /// <summary>Sends wake-ups from the queue while fewer than <see cref="MaxInFlight"/> are unanswered.</summary>
    private void WakeMore()
    {
        while (_inFlight < MaxInFlight && _toWake.TryDequeue(out var next))
        {
            _inFlight++;
            Wake(next.WorkerId, next.Round);
        }
    }

    /// <summary>Any query starts the proxy (it recovers, then arms its silence timer); its answer proves it runs.</summary>
    private void Wake(long workerId, int round) =>
        _workers.Ask(new GetWorkerView(workerId), RetryAfter)
            .PipeTo(Self, success: _ => new Woken(workerId, true, round), failure: _ => new Woken(workerId, false, round));
}
