using Akka.Cluster.Sharding;

namespace Manager.Actors.Workers;

/// <summary>
/// Routes worker messages by worker id. The same extractor serves the local per-entity parent
/// (single node) and the shard region (cluster), so both modes run the same code path. ShardingEnvelope and
/// StartEntity are unwrapped by Akka.NET itself (AK2001), so they are not listed here.
/// </summary>
public sealed class WorkerMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWorkerMessage m => m.WorkerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}

/// <summary>
/// The hand-off stop message of the worker shard region: sent to a <see cref="WorkerProxy"/> when its shard moves to
/// another node (rebalance, graceful leave). Unlike PoisonPill it waits behind a write in progress, so an answer
/// that was promised after a persist is still sent before the proxy stops.
/// </summary>
public sealed record StopWorkerProxy
{
    public static readonly StopWorkerProxy Instance = new();
}
