using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Manager.Actors.Workers;

/// <summary>
/// Single-node stand-in for a shard region: one child <see cref="WorkerProxy"/> per worker id, created on
/// first message, addressed through the same <see cref="IMessageExtractor"/> the shard region uses.
/// </summary>
public sealed class WorkerProxyParent : ReceiveActor
{
    public WorkerProxyParent(IMessageExtractor extractor, Func<string, Props> entityProps)
    {
        ReceiveAny(message =>
        {
            if (extractor.EntityId(message) is not { } entityId)
            {
                Unhandled(message);
                return;
            }
            var child = Context.Child(entityId);
            if (child.IsNobody()) child = Context.ActorOf(entityProps(entityId), entityId);
            child.Forward(extractor.EntityMessage(message));
        });
    }

    public static Props Props(IMessageExtractor extractor, Func<string, Props> entityProps) =>
        Akka.Actor.Props.Create(() => new WorkerProxyParent(extractor, entityProps));
}
