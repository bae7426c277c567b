using Akka.Actor;
using Manager.Actors.Events;

namespace Manager.Http.Events;

/// <summary>One per node: takes the <see cref="IFarmEvent"/>s from this node's EventStream (published here, or relayed from
/// the cluster's topic) and hands them to the <see cref="FarmEventHub"/> as the API shows them.</summary>
public sealed class FarmEventListener : ReceiveActor
{
    /// <summary>The <c>reason</c> of the resync every client gets when this node's relay receives its first batch of a kind.</summary>
    public const string RelayReachedReason = "this node has just begun to receive the farm's events; earlier ones may be missing here";

    private FarmCounts? _counts;

    public FarmEventListener(FarmEventHub hub, Metrics.FarmMetrics metrics)
    {
        Receive<FarmChanges>(c =>
        {
            _counts = c.Counts;
            metrics.CountsChanged(c.Counts);
            hub.Publish(FarmEventNames.Changes, ChangesPayload.Of(c));
        });
        Receive<WorkersChanged>(w =>
        {
            metrics.WorkersChanged(w.Counts);
            hub.Publish(FarmEventNames.Workers, WorkersPayload.Of(w));
        });
        Receive<RelayReachedBy>(_ => hub.Publish(FarmEventNames.Resync, new ResyncPayload(RelayReachedReason, _counts)));
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(IFarmEvent));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    public static Props Props(FarmEventHub hub, Metrics.FarmMetrics metrics) => Akka.Actor.Props.Create(() => new FarmEventListener(hub, metrics));
}
