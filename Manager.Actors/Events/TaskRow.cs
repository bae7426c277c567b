using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Events;

/// <summary>
/// A changed task as the event stream shows it (a row of GET /tasks): not its commands, settings or history. In a cluster
/// every batch crosses to every node: a row is ≈ 180 bytes there, a whole record ≈ 0.9–1.2 kB (BENCHMARKS.md (f)).
/// </summary>
public sealed record TaskRow(
    long Id, long? WorkerId, long Priority, long? FrameStart, long? FrameEnd, long? FrameCurrent, TaskStatus Status, string? Format,
    string Type, int Attempts, long? JobId, IReadOnlyList<long> DependsOn, bool Preview, double? TimeCost)
{
    public static TaskRow Of(TaskRecord t) =>
        new(t.Id, HolderShown(t), t.Priority, t.FrameStart, t.FrameEnd, t.FrameCurrent, t.Status, t.Format, t.Type, t.Attempts,
            t.JobId, t.DependsOn ?? [], t.Preview, t.TimeCost);

    /// <summary>The worker a task shows: the last holder stays visible after completed/failed; nobody holds a queued or paused task.</summary>
    public static long? HolderShown(TaskRecord t) => t.Status is TaskStatus.Queued or TaskStatus.Paused ? null : t.WorkerId;
}
