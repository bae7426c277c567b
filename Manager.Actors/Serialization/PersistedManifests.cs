using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;

namespace Manager.Actors.Serialization;

/// <summary>
/// The stable name of every persisted type. These strings are in the database: never change one,
/// add a new name (e.g. "task-failed.v2") when a shape changes incompatibly.
/// </summary>
public static class PersistedManifests
{
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        [typeof(TaskSubmitted)] = "task-submitted",
        [typeof(TaskAssigned)] = "task-assigned",
        [typeof(TaskProgressed)] = "task-progressed",
        [typeof(TaskCompleted)] = "task-completed",
        [typeof(TaskFailed)] = "task-failed",
        [typeof(TaskRequeued)] = "task-requeued",
        [typeof(TaskStatusChangedByOperator)] = "task-status-changed-by-operator",
        [typeof(TaskPriorityChanged)] = "task-priority-changed",
        [typeof(TaskAbandoned)] = "task-abandoned",
        [typeof(TaskDeleted)] = "task-deleted",
        [typeof(WorkerBlocklistCleared)] = "worker-blocklist-cleared",
        [typeof(JobSubmitted)] = "job-submitted",
        [typeof(JobStatusChanged)] = "job-status-changed",
        [typeof(JobStatusChangedByOperator)] = "job-status-changed-by-operator",
        [typeof(JobPriorityChanged)] = "job-priority-changed",
        [typeof(JobDeleted)] = "job-deleted",
        [typeof(DispatcherStateSnapshot)] = "dispatcher-state.v1", // binary: DispatcherStateFormat
        [typeof(SettingsChanged)] = "settings-changed",
        [typeof(WorkerIdAllocated)] = "worker-id-allocated",
        [typeof(WorkerRegistered)] = "worker-registered",
        [typeof(WorkerDetailsChanged)] = "worker-details-changed",
        [typeof(WorkerEnabledChanged)] = "worker-enabled-changed",
        [typeof(WorkerDeregistered)] = "worker-deregistered",
        [typeof(HostnameReleased)] = "hostname-released",
        [typeof(TokenIssued)] = "token-issued",
        [typeof(TokenRevoked)] = "token-revoked",
    };

    public static readonly IReadOnlyDictionary<string, Type> ByName = ByType.ToDictionary(kv => kv.Value, kv => kv.Key);
}
