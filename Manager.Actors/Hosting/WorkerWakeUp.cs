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
/// </summary>
public sealed class WorkerWakeUp : ReceiveActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private const int MaxRounds = 20;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed record Woken(long WorkerId, bool Answered, int Round);

    private readonly IActorRef _registry;
    private readonly IActorRef _workers;
    private readonly ILoggingAdapter _log = Context.GetLogger();

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
            if (!outcome.IsDone(out var ids)) return;
            Timers.Cancel(RetryTimer);
            var count = 0;
            foreach (var id in ids)
            {
                Wake(id, 1);
                count++;
            }
            _log.Info("waking {0} worker proxies", count);
        });
        Receive<Woken>(w =>
        {
            if (w.Answered) return;
            if (w.Round >= MaxRounds)
                _log.Warning("the proxy of worker {0} did not answer {1} wake-ups; it starts with the worker's next request", w.WorkerId, MaxRounds);
            else Wake(w.WorkerId, w.Round + 1);
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
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, RetryAfter);
        _registry.Tell(ListWorkerIds.Instance);
    }

    /// <summary>Any query starts the proxy (it recovers, then arms its silence timer); its answer proves it runs.</summary>
    private void Wake(long workerId, int round) =>
        _workers.Ask(new GetWorkerView(workerId), RetryAfter)
            .PipeTo(Self, success: _ => new Woken(workerId, true, round), failure: _ => new Woken(workerId, false, round));
}
