using Manager.Actors.Jobs;
using Manager.Actors.Tasks;

namespace Manager.Actors.Events;

/// <summary>
/// The dispatcher's batch: the tasks (as rows) and jobs that changed since its last batch, as they are now, the ones removed, the
/// blocklists of the workers whose failures (or the threshold) changed, and the farm's counts after them. A removed job's
/// tasks are gone with it (they are not listed one by one).
/// </summary>
public sealed record FarmChanges(
    IReadOnlyList<TaskRow> Tasks, IReadOnlyList<long> RemovedTasks,
    IReadOnlyList<JobSummary> Jobs, IReadOnlyList<long> RemovedJobs,
    IReadOnlyList<WorkerBlocklist> Blocklists,
    FarmCounts Counts) : IFarmEvent;
