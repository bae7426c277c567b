using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace Manager.Actors.Events;

/// <summary>One per node in a cluster: puts the <see cref="IFarmEvent"/>s published on <see cref="FarmEventPublishing.Topic"/>
/// on this node's EventStream, where its event stream clients listen.</summary>
public sealed class FarmEventRelay : ReceiveActor
{
    public FarmEventRelay(IActorRef mediator)
    {
        mediator.Tell(new Subscribe(FarmEventPublishing.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<IFarmEvent>(e => Context.System.EventStream.Publish(e));
    }

    public static Props Props(IActorRef mediator) => Akka.Actor.Props.Create(() => new FarmEventRelay(mediator));
}
