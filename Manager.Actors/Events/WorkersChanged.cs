using Manager.Actors.Workers;

namespace Manager.Actors.Events;

/// <summary>The worker directory's batch: the workers whose view changed since its last batch, as they are now, and the ids of
/// the workers removed.</summary>
public sealed record WorkersChanged(IReadOnlyList<WorkerView> Workers, IReadOnlyList<long> Removed) : IFarmEvent;
