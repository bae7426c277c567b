using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Manager.Actors.Events;

/// <summary>Where <see cref="IFarmEvent"/>s go, and how often their publishers send them.</summary>
public static class FarmEventPublishing
{
    /// <summary>The cluster's pub-sub topic every node's <see cref="FarmEventRelay"/> listens to.</summary>
    public const string Topic = "manager-farm-events";

    /// <summary>
    /// How often a publisher sends what changed since its last batch (only when something did): a task reporting
    /// progress 20 times a second shows up at most this often, and a busy farm costs one message per publisher per
    /// interval, not one per change. A multiple of the scheduler's tick (100 ms, hocon/manager.hocon): the scheduler
    /// rounds a periodic timer down to whole ticks (250 ms fired every 200 ms, BENCHMARKS.md (h)).
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>At most this many tasks (or workers) in one batch; the rest follow in the next ones.</summary>
    public const int MaxPerBatch = 1000;

    /// <summary>A single node: the actor system's EventStream, where the HTTP layer listens.</summary>
    public static Action<IFarmEvent> Local(ActorSystem system) => e => system.EventStream.Publish(e);

    /// <summary>A cluster: the topic, which reaches every node (this one too) through its relay. Also carries the
    /// dispatcher's <see cref="Tasks.FarmIdleness"/>, which the relays hand to their node's <see cref="Tasks.IdleFarmView"/>.</summary>
    public static Action<T> Cluster<T>(ActorSystem system) where T : notnull
    {
        var mediator = DistributedPubSub.Get(system).Mediator;
        return e => mediator.Tell(new Publish(Topic, e));
    }
}
