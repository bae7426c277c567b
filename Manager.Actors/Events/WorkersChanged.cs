using Manager.Actors.Workers;

namespace Manager.Actors.Events;

/// <summary>The worker directory's batch: the workers whose view changed since its last batch, as they are now, the ids of
/// the workers removed, and the farm's worker counts after them.</summary>
public sealed record WorkersChanged(IReadOnlyList<WorkerView> Workers, IReadOnlyList<long> Removed, WorkerCounts Counts) : IFarmEvent;
