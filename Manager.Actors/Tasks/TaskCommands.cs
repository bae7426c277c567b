using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>POST /tasks. <paramref name="Priority"/> null means the <c>default_priority</c> setting.</summary>
/// <param name="Caller">Who submits (becomes the task's owner); null: the manager itself (tests, tools).</param>
public sealed record SubmitTask(long? TaskId, string Type, string? Parser, string Settings, long? Priority, IReadOnlyList<string> Tags,
    Caller? Caller = null) : ITaskDispatcherMessage, IAsk<SubmitResult>;

/// <summary>A worker says it is available: hand back what it held, then assign it the best runnable task.</summary>
/// <param name="SupportedTypes">Task types the worker runs; empty means all.</param>
/// <param name="AcceptsWork">False for a disabled worker: it only hands back what it held.</param>
public sealed record ClaimTask(long WorkerId, string Hostname, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, bool AcceptsWork = true)
    : ITaskDispatcherMessage, IAsk<HeldTask>;

/// <summary>
/// What the dispatcher knows about a worker, in memory only: learned from its claims and told by its proxy when the proxy
/// starts or the worker's registration or switch changes (so after a restart it is relearned). Used to tell when no
/// eligible worker is left for a task. <paramref name="SupportedTypes"/> empty means all.
/// </summary>
public sealed record KnownWorker(long WorkerId, string Hostname, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, bool Enabled)
    : ITaskDispatcherMessage;

/// <summary>The worker went silent: its task goes back to the queue.</summary>
public sealed record WorkerLost(long WorkerId, string Reason) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>An operator removed the worker: its task goes back to the queue and the dispatcher forgets what it can run.</summary>
public sealed record DropWorker(long WorkerId, string Reason, string By) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>PATCH /tasks/{id} from the worker that holds the task.</summary>
/// <param name="Assignment">Optional fencing token the worker got with the task; a stale one is a conflict.</param>
public sealed record UpdateTaskFromWorker(
    long TaskId,
    long WorkerId,
    long? Assignment,
    TaskStatus? Status,
    long? FrameCurrent,
    string? Log,
    string? Activity,
    double? TimeCost) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>PATCH /tasks/{id} from a submitter or operator. <paramref name="Caller"/> null: the manager itself.</summary>
public sealed record UpdateTaskFromOperator(long TaskId, TaskStatus? Status, long? Priority, Caller? Caller = null)
    : ITaskDispatcherMessage, IAsk<Done>;

public sealed record DeleteTask(long TaskId, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<Done>;

public sealed record ClearWorkerBlocklist(long WorkerId, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<Done>;
