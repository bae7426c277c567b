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

    public DispatcherState ToState() => DispatcherState.Restore(Tasks, DeletedIds,
        FailuresByWorkerAndType.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableDictionary()),
        NextId, NextSubmitSeq, LastAssignment);
}
