using System.Collections.Immutable;
using Manager.Actors.Jobs;
using Manager.Actors.Serialization;

namespace Manager.Actors.Tasks;

/// <summary>
/// The dispatcher's snapshot: what its state is made of (the queue, the holder index, the job tallies and the
/// dependency counters are derived from the tasks and jobs), taken as an array of references (the task records are immutable, nothing is copied or sorted), so the
/// dispatcher goes on changing its state while the snapshot store serializes this on its own
/// thread with <see cref="DispatcherStateFormat"/>.
/// </summary>
public sealed record DispatcherStateSnapshot(
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyList<long> DeletedIds,
    ImmutableDictionary<long, ImmutableDictionary<string, int>> FailuresByWorkerAndType,
    long NextId,
    long NextSubmitSeq,
    long LastAssignment,
    IReadOnlyList<JobRecord>? Jobs = null,
    IReadOnlyList<long>? DeletedJobIds = null,
    long NextJobId = 1) : IPersisted
{
    public static DispatcherStateSnapshot Of(DispatcherState state) => new(state.Tasks.Values.ToArray(), state.DeletedIds.ToArray(),
        state.FailuresByWorkerAndType, state.NextId, state.NextSubmitSeq, state.LastAssignment,
        state.Jobs.Values.ToArray(), state.DeletedJobIds.ToArray(), state.NextJobId);

    public DispatcherState ToState() =>
        DispatcherState.Restore(Tasks, DeletedIds, FailuresByWorkerAndType, NextId, NextSubmitSeq, LastAssignment, Jobs, DeletedJobIds, NextJobId);
}
