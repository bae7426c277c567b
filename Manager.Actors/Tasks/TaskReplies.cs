namespace Manager.Actors.Tasks;

public sealed record SubmitResult(TaskRecord Task, bool Created);

/// <summary>The answer to a claim or heartbeat: the task the worker holds now, or null.</summary>
public sealed record HeldTask(long? TaskId);

public sealed record WorkerAssignment(long WorkerId, long? CurrentTask, string? TaskActivity, IReadOnlyList<string> BlockedTypes);
