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
