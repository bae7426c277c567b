using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Manager.Actors.Events;

/// <summary>One per node in a cluster: puts the <see cref="IFarmEvent"/>s published on <see cref="FarmEventPublishing.Topic"/>
/// on this node's EventStream, where its event stream clients listen. Before the first batch of each kind it puts a
/// <see cref="RelayReachedBy"/> there: the batches published before the subscription reached their publisher are lost.</summary>
public sealed class FarmEventRelay : ReceiveActor
{
    private readonly HashSet<Type> _kindsReceived = [];

    public FarmEventRelay(IActorRef mediator)
    {
        mediator.Tell(new Subscribe(FarmEventPublishing.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<IFarmEvent>(e =>
        {
            if (_kindsReceived.Add(e.GetType())) Context.System.EventStream.Publish(new RelayReachedBy(e.GetType().Name));
            Context.System.EventStream.Publish(e);
        });
    }

    public static Props Props(IActorRef mediator) => Akka.Actor.Props.Create(() => new FarmEventRelay(mediator));
}
