using Akka.Cluster.Sharding;

namespace Manager.Actors.Workers;

/// <summary>
/// Routes worker messages by worker id. The same extractor serves the local per-entity parent
/// (single node) and the shard region (cluster), so both modes run the same code path.
/// </summary>
public sealed class WorkerMessageExtractor(int maxShards = 100) : HashCodeMessageExtractor(maxShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWorkerMessage m => m.WorkerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
