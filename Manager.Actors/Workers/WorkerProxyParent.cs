using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Manager.Actors.Workers;

/// <summary>
/// Single-node stand-in for a shard region: one child <see cref="WorkerProxy"/> per worker id, created on
/// first message, addressed through the same <see cref="IMessageExtractor"/> the shard region uses. Like a shard it
/// honours <see cref="Passivate"/>: a child that asks to go (a proxy for an id nobody registered) is sent its stop
/// message, and what arrives for it meanwhile is held and delivered to a fresh child once the old one has stopped,
/// so no request is lost to a proxy on its way out.
/// </summary>
public sealed class WorkerProxyParent : ReceiveActor
{
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _heldForPassivating = [];
    private readonly Func<string, Props> _entityProps;

    public WorkerProxyParent(IMessageExtractor extractor, Func<string, Props> entityProps)
    {
        _entityProps = entityProps;
        Receive<Passivate>(p =>
        {
            var entityId = Sender.Path.Name;
            if (!Context.Child(entityId).Equals(Sender) || _heldForPassivating.ContainsKey(entityId)) return;
            _heldForPassivating[entityId] = [];
            Sender.Tell(p.StopMessage);
        });
        Receive<Terminated>(t =>
        {
            if (!_heldForPassivating.Remove(t.ActorRef.Path.Name, out var held) || held.Count == 0) return;
            var child = Start(t.ActorRef.Path.Name);
            foreach (var (message, sender) in held) child.Tell(message, sender);
        });
        ReceiveAny(message =>
        {
            if (extractor.EntityId(message) is not { } entityId || extractor.EntityMessage(message) is not { } entityMessage)
            {
                Unhandled(message);
                return;
            }
            if (_heldForPassivating.TryGetValue(entityId, out var held))
            {
                held.Add((entityMessage, Sender));
                return;
            }
            var child = Context.Child(entityId);
            if (child.IsNobody()) child = Start(entityId);
            child.Forward(entityMessage);
        });
    }

    private IActorRef Start(string entityId) => Context.Watch(Context.ActorOf(_entityProps(entityId), entityId));

    public static Props Props(IMessageExtractor extractor, Func<string, Props> entityProps) =>
        Akka.Actor.Props.Create(() => new WorkerProxyParent(extractor, entityProps));
}
