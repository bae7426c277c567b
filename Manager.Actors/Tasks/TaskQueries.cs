namespace Manager.Actors.Tasks;

/// <summary>Which task does this worker hold? (the heartbeat answer)</summary>
public sealed record GetHeldTask(long WorkerId) : ITaskDispatcherMessage;

/// <summary>Does this worker hold the task (under this assignment)? Done(the current assignment), or the 404/409 a worker update would get.</summary>
public sealed record CheckTaskHolder(long TaskId, long WorkerId, long? Assignment) : ITaskDispatcherMessage;

public sealed record GetTask(long TaskId) : ITaskDispatcherMessage;

public sealed record ListTasks(TaskStatus? Status, long? WorkerId, long After, int Limit) : ITaskDispatcherMessage;

/// <summary>Per worker: the task it holds and the task types it is blocklisted for (for GET /workers).</summary>
public sealed record GetWorkerAssignments(IReadOnlyList<long> WorkerIds) : ITaskDispatcherMessage;
