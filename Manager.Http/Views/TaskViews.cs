using TaskStatus = Manager.Actors.Tasks.TaskStatus;
using Manager.Actors.Compilers;
using Manager.Actors.Events;
using Manager.Actors.Tasks;

namespace Manager.Http.Views;

/// <summary>The task view of Part A (POST /tasks answers it).</summary>
public sealed record TaskView(long Id, long? WorkerId, long Priority, long? FrameStart, long? FrameEnd, long? FrameCurrent, string Status, string? Format)
{
    public static TaskView Of(TaskRecord t) =>
        new(t.Id, WorkerIdOf(t), t.Priority, t.FrameStart, t.FrameEnd, t.FrameCurrent, t.Status.ToWire(), t.Format);

    /// <summary>The last holder stays visible after completed/failed; nobody holds a queued or paused task.</summary>
    public static long? WorkerIdOf(TaskRecord t) => TaskRow.HolderShown(t);
}

/// <summary>One row of GET /tasks (and GET /jobs/{id}/tasks): the task view plus its type, attempts, job, dependencies,
/// preview mark and time.</summary>
/// <param name="JobId">The job that created the task; null for a task submitted alone.</param>
/// <param name="DependsOn">Tasks that must be completed before this one runs.</param>
/// <param name="Preview">A preview task of its job (frame_order preview_first): runs before the job's other tasks.</param>
/// <param name="TimeCost">Seconds, as the worker reported.</param>
public sealed record TaskListItem(
    long Id, long? WorkerId, long Priority, long? FrameStart, long? FrameEnd, long? FrameCurrent, string Status, string? Format,
    string Type, int Attempts, long? JobId, IReadOnlyList<long> DependsOn, bool Preview, double? TimeCost)
{
    public static TaskListItem Of(TaskRecord t) => Of(TaskRow.Of(t));

    /// <summary>The row of an event's <see cref="TaskRow"/>.</summary>
    public static TaskListItem Of(TaskRow t) =>
        new(t.Id, t.WorkerId, t.Priority, t.FrameStart, t.FrameEnd, t.FrameCurrent, t.Status.ToWire(), t.Format, t.Type, t.Attempts,
            t.JobId, t.DependsOn, t.Preview, t.TimeCost);
}

public sealed record CommandView(string Name, IReadOnlyList<string> Argv)
{
    public static CommandView Of(CompiledCommand c) => new(c.Name, c.Argv);
}

/// <summary>One status change in GET /tasks/{id}'s <c>history</c>.</summary>
public sealed record HistoryEntryView(DateTimeOffset At, string By, string Status, string Reason)
{
    public static HistoryEntryView Of(TaskHistoryEntry e) => new(e.At, e.By, e.Status.ToWire(), e.Reason);
}

/// <summary>GET /tasks/{id}: the task view plus what a worker and an operator need.</summary>
/// <param name="Assignment">The fencing token of the current assignment; a worker sends it back with its updates.</param>
/// <param name="SubmittedBy">Who submitted the task (a token's name).</param>
/// <param name="History">Every status change, oldest first: when, who (<c>by</c>), to which status, why.</param>
public sealed record TaskDetails(
    long Id, long? WorkerId, long Priority, long? FrameStart, long? FrameEnd, long? FrameCurrent, string Status, string? Format,
    string Type, string Parser, string Settings, IReadOnlyList<CommandView> Commands, IReadOnlyList<string> Tags,
    int Attempts, IReadOnlyList<long> FailedByWorkers, string? Activity, string? Error, double? TimeCost, long Assignment,
    string? LogTail, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string SubmittedBy, IReadOnlyList<HistoryEntryView> History,
    long? JobId, IReadOnlyList<long> DependsOn, bool Preview)
{
    public static TaskDetails Of(TaskRecord t, string? logTail) =>
        new(t.Id, TaskView.WorkerIdOf(t), t.Priority, t.FrameStart, t.FrameEnd, t.FrameCurrent, t.Status.ToWire(), t.Format,
            t.Type, t.Parser, t.Settings, t.Commands.Select(CommandView.Of).ToList(), t.Tags,
            t.Attempts, t.FailedByWorkers, t.Activity, t.Error, t.TimeCost, t.Assignment, logTail, t.CreatedAt, t.UpdatedAt,
            t.SubmittedBy, (t.History ?? []).Select(HistoryEntryView.Of).ToList(), t.JobId, t.DependsOn ?? [], t.Preview);
}
