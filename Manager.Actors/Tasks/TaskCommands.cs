using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>POST /tasks. <paramref name="Priority"/> null means the <c>default_priority</c> setting.</summary>
/// <param name="Caller">Who submits (becomes the task's owner); null: the manager itself (tests, tools).</param>
public sealed record SubmitTask(long? TaskId, string Type, string? Parser, string Settings, long? Priority, IReadOnlyList<string> Tags,
    Caller? Caller = null) : ITaskDispatcherMessage, IAsk<SubmitResult>;

/// <summary>
/// A worker says it is available: hand back what it held, then assign it the best runnable task it can run. Its proxy
/// sends the worker's current <see cref="WorkerCapabilities"/> with it.
/// </summary>
public sealed record ClaimTask(WorkerCapabilities Worker) : ITaskDispatcherMessage, IAsk<HeldTask>;

/// <summary>
/// PATCH /workers/{id} with only <c>"status":"available"</c> or <c>"rendering"</c> (a poll or a heartbeat): sent by the HTTP
/// node straight to the dispatcher, which claims with the capabilities it holds for the worker (available) or answers the
/// task the worker holds (rendering) — one hop fewer than through the worker's proxy, which the node tells of the contact
/// (<see cref="Workers.WorkerHeard"/>). Refused NotFound when the dispatcher holds no capabilities for the worker (it
/// restarted or moved and has not heard from the proxy yet, or the worker was removed or never registered): the node
/// then sends the poll through the proxy (<see cref="Workers.ReportWorkerStatus"/>), which knows.
/// </summary>
/// <remarks>Repeatable like <see cref="Workers.ReportWorkerStatus"/>: a repeated claim hands back what the worker held and
/// assigns afresh.</remarks>
public sealed record PollFromWorker(long WorkerId, bool Available) : ITaskDispatcherMessage, IAsk<HeldTask>, IRepeatable;

/// <summary>
/// The worker's proxy heard nothing for worker_timeout: its task goes back to the queue, unless the dispatcher itself has not
/// been available for a whole timeout (then the worker gets a fresh grace period: <see cref="WorkerLossAnswer.Declared"/> false).
/// Re-sent by the proxy until answered, so idempotent: a repeat finds the task requeued already and changes nothing.
/// </summary>
/// <param name="Delivery">The proxy's number for this loss, echoed in the answer (a late answer to an older one is ignored).</param>
public sealed record WorkerLost(long WorkerId, string Reason, long Delivery = 0) : ITaskDispatcherMessage, IAsk<WorkerLossAnswer>;

/// <summary>An operator removed the worker: its task goes back to the queue and the dispatcher forgets what it can run.</summary>
public sealed record DropWorker(long WorkerId, string Reason, string By) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>PATCH /tasks/{id} from the worker that holds the task.</summary>
/// <param name="Assignment">Optional fencing token the worker got with the task; a stale one is a conflict.</param>
/// <remarks>Answered with the task's current assignment (the one the update was accepted under), which keys its log chunk.</remarks>
public sealed record UpdateTaskFromWorker(
    long TaskId,
    long WorkerId,
    long? Assignment,
    TaskStatus? Status,
    long? FrameCurrent,
    string? Log,
    string? Activity,
    double? TimeCost) : ITaskDispatcherMessage, IAsk<long>;

/// <summary>PATCH /tasks/{id} from a submitter or operator. <paramref name="Caller"/> null: the manager itself.</summary>
public sealed record UpdateTaskFromOperator(long TaskId, TaskStatus? Status, long? Priority, Caller? Caller = null)
    : ITaskDispatcherMessage, IAsk<Done>;

public sealed record DeleteTask(long TaskId, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<Done>;

public sealed record ClearWorkerBlocklist(long WorkerId, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>
/// Write the progress reports answered but not yet written (<see cref="UnwrittenProgress"/>); answered once they, and
/// every earlier write, are durable. Sent when the manager stops gracefully, so a restart reads the same progress.
/// </summary>
public sealed record WriteUnwrittenProgress : ITaskDispatcherMessage, IAsk<Done>
{
    public static readonly WriteUnwrittenProgress Instance = new();
}
