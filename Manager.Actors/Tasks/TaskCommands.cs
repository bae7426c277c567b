using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>A message for the <see cref="TaskDispatcher"/>.</summary>
public interface ITaskDispatcherMessage;

/// <summary>POST /tasks. <paramref name="Priority"/> null means the <c>default_priority</c> setting.</summary>
/// <param name="Caller">Who submits (becomes the task's owner); null: the manager itself (tests, tools).</param>
public sealed record SubmitTask(long? TaskId, string Type, string? Parser, string Settings, long? Priority, IReadOnlyList<string> Tags,
    Caller? Caller = null) : ITaskDispatcherMessage;

/// <summary>A worker says it is available: hand back what it held, then assign it the best runnable task.</summary>
/// <param name="SupportedTypes">Task types the worker runs; empty means all.</param>
/// <param name="AcceptsWork">False for a disabled worker: it only hands back what it held.</param>
public sealed record ClaimTask(long WorkerId, string Hostname, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, bool AcceptsWork = true)
    : ITaskDispatcherMessage;

/// <summary>
/// What the dispatcher knows about a worker, in memory only: learned from its claims and told by its proxy when the proxy
/// starts or the worker's registration or switch changes (so after a restart it is relearned). Used to tell when no
/// eligible worker is left for a task. <paramref name="SupportedTypes"/> empty means all.
/// </summary>
public sealed record KnownWorker(long WorkerId, string Hostname, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, bool Enabled)
    : ITaskDispatcherMessage;

/// <summary>Which task does this worker hold? (the heartbeat answer)</summary>
public sealed record GetHeldTask(long WorkerId) : ITaskDispatcherMessage;

/// <summary>The worker went silent: its task goes back to the queue.</summary>
public sealed record WorkerLost(long WorkerId, string Reason) : ITaskDispatcherMessage;

/// <summary>An operator removed the worker: its task goes back to the queue and the dispatcher forgets what it can run.</summary>
public sealed record DropWorker(long WorkerId, string Reason, string By) : ITaskDispatcherMessage;

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
    double? TimeCost) : ITaskDispatcherMessage;

/// <summary>Does this worker hold the task (under this assignment)? Done(the current assignment), or the 404/409 a worker update would get.</summary>
public sealed record CheckTaskHolder(long TaskId, long WorkerId, long? Assignment) : ITaskDispatcherMessage;

/// <summary>PATCH /tasks/{id} from a submitter or operator. <paramref name="Caller"/> null: the manager itself.</summary>
public sealed record UpdateTaskFromOperator(long TaskId, TaskStatus? Status, long? Priority, Caller? Caller = null) : ITaskDispatcherMessage;

public sealed record DeleteTask(long TaskId, Caller? Caller = null) : ITaskDispatcherMessage;

public sealed record ClearWorkerBlocklist(long WorkerId, Caller? Caller = null) : ITaskDispatcherMessage;

public sealed record GetTask(long TaskId) : ITaskDispatcherMessage;

public sealed record ListTasks(TaskStatus? Status, long? WorkerId, long After, int Limit) : ITaskDispatcherMessage;

/// <summary>Per worker: the task it holds and the task types it is blocklisted for (for GET /workers).</summary>
public sealed record GetWorkerAssignments(IReadOnlyList<long> WorkerIds) : ITaskDispatcherMessage;

public sealed record SubmitResult(TaskRecord Task, bool Created);

/// <summary>The answer to a claim or heartbeat: the task the worker holds now, or null.</summary>
public sealed record HeldTask(long? TaskId);

public sealed record WorkerAssignment(long WorkerId, long? CurrentTask, string? TaskActivity, IReadOnlyList<string> BlockedTypes);
