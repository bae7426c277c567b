using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Manager.Actors.Workers;

/// <summary>The contacts one node heard since its last batch (<see cref="WorkerContactExchange"/>): worker ids and
/// when each was last heard, in Unix milliseconds, pairwise.</summary>
public sealed record WorkerContactsHeard(long[] WorkerIds, long[] AtMs);

/// <summary>
/// One per node in a cluster: every <see cref="Interval"/> it publishes the contacts its node heard since the last
/// batch (<see cref="WorkerContacts.TakeUnshared"/>) to every other node, and notes theirs in its node's table — so a
/// proxy, wherever its worker's requests arrive, reads every contact from its own node's table, and the worker directory
/// its <c>last_seen</c>. A contact a proxy is watching for (its worker reported or declared lost) is told to it as
/// <see cref="WorkerHeard"/>. One message per node per interval replaces a message per request to the proxy's node.
/// </summary>
public sealed class WorkerContactExchange : ReceiveActor, IWithTimers
{
    public const string Topic = "manager-worker-contacts";

    /// <summary>
    /// How stale another node's contacts may be here: the scheduler's tick (hocon/manager.hocon). A tenth of the shortest
    /// worker timeout the settings allow (1 s), so a proxy does not take a worker for silent while its last request is
    /// still on the way (see <see cref="WorkerConnection.ContactWindow"/>).
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private sealed record Share
    {
        public static readonly Share Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="contacts">This node's table.</param>
    /// <param name="mediator">The cluster's pub-sub mediator on this node.</param>
    /// <param name="workers">The shard region, for the contacts a proxy watches for.</param>
    public WorkerContactExchange(WorkerContacts contacts, IActorRef mediator, IActorRef workers)
    {
        contacts.StartSharing();
        mediator.Tell(new Subscribe(Topic, Self));
        Receive<SubscribeAck>(_ => Timers.StartPeriodicTimer(nameof(Share), Share.Instance, Interval));
        Receive<Share>(_ =>
        {
            var (ids, times) = contacts.TakeUnshared();
            if (ids.Length > 0) mediator.Tell(new Publish(Topic, new WorkerContactsHeard(ids, times)));
        });
        Receive<WorkerContactsHeard>(heard =>
        {
            if (Sender.Equals(Self)) return; // this node's own, noted when they were heard
            for (var i = 0; i < heard.WorkerIds.Length; i++)
                if (contacts.HeardElsewhere(heard.WorkerIds[i], heard.AtMs[i]))
                    workers.Tell(new WorkerHeard(heard.WorkerIds[i], null));
        });
    }

    public static Props Props(WorkerContacts contacts, IActorRef mediator, IActorRef workers) =>
        Akka.Actor.Props.Create(() => new WorkerContactExchange(contacts, mediator, workers));
}
