using Akka.Actor;
using Akka.Cluster;

namespace Manager.Http;

/// <summary>
/// Where the cluster singletons run (the oldest member) and whether this node can reach it, read from the cluster
/// state this node already keeps. Outside a cluster there is none, and <see cref="ActorGateway"/> asks as usual.
/// </summary>
public sealed class SingletonHost
{
    private readonly Akka.Cluster.Cluster? _cluster;

    public SingletonHost(ActorSystem system)
    {
        _cluster = system is ExtendedActorSystem { Provider: IClusterActorRefProvider } ? Akka.Cluster.Cluster.Get(system) : null;
    }

    public bool InCluster => _cluster is not null;

    /// <summary>The oldest Up (or leaving) member, where the singletons run; null when there is none.</summary>
    public UniqueAddress? Current
    {
        get
        {
            var members = _cluster!.State.Members;
            Member? oldest = null;
            foreach (var m in members)
                if (m.Status is MemberStatus.Up or MemberStatus.Leaving && (oldest is null || m.IsOlderThan(oldest)))
                    oldest = m;
            return oldest?.UniqueAddress;
        }
    }

    /// <summary>How many members there are and how many are unreachable: a change while an answer is awaited means a node
    /// failed, left or joined, and a message on its way to a shard of that node may have been lost.</summary>
    public (int Members, int Unreachable) Shape
    {
        get
        {
            var state = _cluster!.State;
            return (state.Members.Count, state.Unreachable.Count);
        }
    }

    /// <summary>The singletons' node is known and this node's failure detector reaches it.</summary>
    public bool Reachable(out UniqueAddress? host)
    {
        host = Current;
        if (host is null) return false;
        foreach (var m in _cluster!.State.Unreachable)
            if (m.UniqueAddress.Equals(host)) return false;
        return true;
    }
}
