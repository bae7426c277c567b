using Manager.Actors.Events;
using Manager.Actors.Workers;

namespace Manager.Http.Events;

/// <summary>The data of a <c>workers</c> event.</summary>
public sealed record WorkersPayload(IReadOnlyList<WorkerEventView> Workers, IReadOnlyList<long> RemovedWorkers)
{
    public static WorkersPayload Of(WorkersChanged w) => new(w.Workers.Select(WorkerEventView.Of).ToList(), w.Removed);
}

/// <summary>
/// A worker in a <c>workers</c> event: the fields of the worker object (GET /workers) that the worker's own reports and the
/// operator's switch change. <c>current_task</c> and <c>blocklisted_types</c> are not here: the task events say which worker
/// renders what.
/// </summary>
public sealed record WorkerEventView(
    long Id, string Hostname, string Connection, string Status, string? Activity, DateTimeOffset? LastSeen, string System,
    string? IpAddress, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags)
{
    public static WorkerEventView Of(WorkerView w) => new(
        w.Record.Id, w.Record.Hostname, w.Online ? "online" : "offline", w.Record.Enabled ? "enabled" : "disabled", w.Activity,
        w.LastSeen, w.Record.System, w.Record.IpAddress, w.Record.SupportedTypes, w.Record.Tags);
}
