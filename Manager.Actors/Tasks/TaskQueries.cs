using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>Which task does this worker hold? (the heartbeat answer)</summary>
public sealed record GetHeldTask(long WorkerId) : ITaskDispatcherMessage, IAsk<HeldTask>;

/// <summary>
/// Does this worker hold the task (under this assignment)? Done with the task's current assignment, or refused as a worker
/// update of it would be (404, 409).
/// </summary>
public sealed record CheckTaskHolder(long TaskId, long WorkerId, long? Assignment) : ITaskDispatcherMessage, IAsk<long>;

public sealed record GetTask(long TaskId) : ITaskDispatcherMessage, IAsk<TaskRecord>;

/// <summary>One page of tasks in ascending id order (GET /tasks).</summary>
public sealed record ListTasks(TaskStatus? Status, long? WorkerId, long After, int Limit) : ITaskDispatcherMessage, IAsk<IReadOnlyList<TaskRecord>>;

/// <summary>
/// Per worker: the task it holds and the task types it is blocklisted for (for GET /workers). Only the workers of
/// <paramref name="WorkerIds"/> that hold a task or are blocklisted for a type are answered: the others have nothing to show.
/// </summary>
public sealed record GetWorkerAssignments(IReadOnlyList<long> WorkerIds) : ITaskDispatcherMessage, IAsk<IReadOnlyList<WorkerAssignment>>;
