namespace Manager.Actors.Tasks;

public sealed record SubmitResult(TaskRecord Task, bool Created);

/// <summary>The answer to a claim or heartbeat: the task the worker holds now, or null.</summary>
public sealed record HeldTask(long? TaskId);

public sealed record WorkerAssignment(long WorkerId, long? CurrentTask, string? TaskActivity, IReadOnlyList<string> BlockedTypes);

/// <summary>
/// The dispatcher's answer to <see cref="WorkerLost"/>, sent once what it decided is durable.
/// </summary>
/// <param name="Declared">True: the worker is lost (its task, if any, was requeued; also for a repeat that found nothing
/// to requeue). False: the dispatcher has not been available for worker_timeout yet (it just started, or moved), so it
/// cannot tell the worker's silence from its own absence: the proxy starts a fresh grace period.</param>
public sealed record WorkerLossAnswer(long WorkerId, long Delivery, bool Declared);

/// <summary>The dispatcher's acknowledgement of <see cref="WorkerCapabilities"/> of this version (the proxy re-sends until it comes).</summary>
public sealed record CapabilitiesNoted(long WorkerId, long Version);
