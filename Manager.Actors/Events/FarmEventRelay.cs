using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Manager.Actors.Tasks;

namespace Manager.Actors.Events;

/// <summary>One per node in a cluster: puts the <see cref="IFarmEvent"/>s published on <see cref="FarmEventPublishing.Topic"/>
/// on this node's EventStream, where its event stream clients listen. Before the first batch of each kind it puts a
/// <see cref="RelayReachedBy"/> there: the batches published before the subscription reached their publisher are lost.
/// The dispatcher's <see cref="FarmIdleness"/> notices, on the same topic, go to this node's <see cref="IdleFarmView"/>.</summary>
public sealed class FarmEventRelay : ReceiveActor
{
    private readonly HashSet<Type> _kindsReceived = [];

    public FarmEventRelay(IActorRef mediator, IdleFarmView? idleView = null)
    {
        mediator.Tell(new Subscribe(FarmEventPublishing.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<IFarmEvent>(e =>
        {
            if (_kindsReceived.Add(e.GetType())) Context.System.EventStream.Publish(new RelayReachedBy(e.GetType().Name));
            Context.System.EventStream.Publish(e);
        });
        Receive<FarmIdleness>(n => idleView?.Note(n));
    }

    public static Props Props(IActorRef mediator, IdleFarmView? idleView = null) =>
        Akka.Actor.Props.Create(() => new FarmEventRelay(mediator, idleView));
}
