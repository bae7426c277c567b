using Akka.Actor;

namespace Manager.Actors.Workers;

/// <summary>
/// One per node in a cluster, between the node's worker proxies and the <see cref="WorkerDirectory"/> singleton: the
/// proxies' notices that may wait (<see cref="WorkerShown.MayWait"/>: <c>last_seen</c> moved,
/// or the answers to the directory's refresh) go on together as one <see cref="WorkersShown"/> every <see cref="Interval"/> (or at <see cref="MaxPerBatch"/>), not
/// one message between nodes each. Any other notice (a registration, online or offline, the switch, a removal) goes at
/// once, with the waiting ones before it, so the directory sees each proxy's notices in order and news without delay.
/// </summary>
public sealed class WorkerNoticeBatcher : ReceiveActor, IWithTimers
{
    /// <summary>How long a <c>last_seen</c> notice may wait for others (GET /workers shows <c>last_seen</c> to within 5 s anyway).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public const int MaxPerBatch = 1000;

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    /// <summary>The newest view of each worker since the last batch (a later notice replaces an earlier one whole).</summary>
    private readonly Dictionary<long, WorkerView> _pending = new();

    public WorkerNoticeBatcher(IActorRef directory)
    {
        Receive<WorkerShown>(s =>
        {
            _pending[s.View.Record.Id] = s.View;
            if (!s.MayWait || _pending.Count >= MaxPerBatch) SendBatch(directory);
            else if (!Timers.IsTimerActive(nameof(Flush))) Timers.StartSingleTimer(nameof(Flush), Flush.Instance, Interval);
        });
        Receive<WorkerGone>(g =>
        {
            SendBatch(directory);
            directory.Tell(g);
        });
        Receive<Flush>(_ => SendBatch(directory));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef directory) => Akka.Actor.Props.Create(() => new WorkerNoticeBatcher(directory));

    private void SendBatch(IActorRef directory)
    {
        Timers.Cancel(nameof(Flush));
        if (_pending.Count == 0) return;
        directory.Tell(new WorkersShown([.. _pending.Values]));
        _pending.Clear();
    }
}
