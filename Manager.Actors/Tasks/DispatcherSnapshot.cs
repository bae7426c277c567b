using System.Collections.Immutable;
using Manager.Actors.Serialization;

namespace Manager.Actors.Tasks;

/// <summary>
/// The dispatcher's state in a JSON-friendly shape (plain lists): the snapshot format of the first databases.
/// Still read on recovery; new snapshots are <see cref="DispatcherStateSnapshot"/>.
/// </summary>
public sealed record DispatcherSnapshot(
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyList<long> DeletedIds,
    long NextId,
    long NextSubmitSeq,
    long LastAssignment,
    IReadOnlyDictionary<long, IReadOnlyDictionary<string, int>> FailuresByWorkerAndType) : IPersisted
{
    public static DispatcherSnapshot From(DispatcherState state) => new(
        state.Tasks.Values.OrderBy(t => t.Id).ToList(),
        state.DeletedIds.Order().ToList(),
        state.NextId,
        state.NextSubmitSeq,
        state.LastAssignment,
        state.FailuresByWorkerAndType.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value));

    public DispatcherState ToState()
    {
        var tasks = Tasks.ToImmutableDictionary(t => t.Id);
        return DispatcherState.Empty with
        {
            Tasks = tasks,
            Queue = Tasks.Where(t => t.Status == TaskStatus.Queued).Select(QueueEntry.Of).ToImmutableSortedSet(),
            TaskHeldByWorker = Tasks.Where(t => t.Status == TaskStatus.Rendering && t.WorkerId is not null)
                .ToImmutableDictionary(t => t.WorkerId!.Value, t => t.Id),
            DeletedIds = DeletedIds.ToImmutableHashSet(),
            NextId = NextId,
            NextSubmitSeq = NextSubmitSeq,
            LastAssignment = LastAssignment,
            FailuresByWorkerAndType = FailuresByWorkerAndType.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableDictionary()),
        };
    }
}
