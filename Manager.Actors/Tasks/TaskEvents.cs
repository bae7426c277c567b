using Manager.Actors.Serialization;

namespace Manager.Actors.Tasks;

/// <summary>A fact about the task queue, persisted by the <see cref="TaskDispatcher"/>.</summary>
public interface ITaskEvent : IPersisted
{
    long TaskId { get; }
    DateTimeOffset At { get; }
}

public sealed record TaskSubmitted(TaskRecord Task) : ITaskEvent
{
    public long TaskId => Task.Id;
    public DateTimeOffset At => Task.CreatedAt;
}

public sealed record TaskAssigned(long TaskId, long WorkerId, long Assignment, string Activity, DateTimeOffset At) : ITaskEvent;

/// <summary>Progress reported by the holder (parsed from its output or sent as fields). Null means unchanged.</summary>
public sealed record TaskProgressed(long TaskId, long? FrameCurrent, string? Activity, string? Error, double? TimeCost, DateTimeOffset At) : ITaskEvent;

public sealed record TaskCompleted(long TaskId, long WorkerId, double? TimeCost, DateTimeOffset At) : ITaskEvent;

/// <summary>A failed attempt. <paramref name="Final"/>: no attempts left, the task ends <c>failed</c>; otherwise it is queued again.</summary>
public sealed record TaskFailed(long TaskId, long WorkerId, string? Error, bool Final, string Activity, double? TimeCost, DateTimeOffset At) : ITaskEvent;

/// <summary>The task goes back to the queue without counting a failed attempt (holder lost, restarted or handed it back).</summary>
/// <param name="By">Who caused it: the holder handing it back, or null for the manager (a silent worker).</param>
public sealed record TaskRequeued(long TaskId, string Reason, DateTimeOffset At, string? By = null) : ITaskEvent;

/// <summary>An operator changed the status (pause, cancel, requeue, render again). <paramref name="Restart"/> resets attempts and the failed-by list.</summary>
public sealed record TaskStatusChangedByOperator(long TaskId, TaskStatus Status, bool Restart, string Activity, DateTimeOffset At, string? By = null)
    : ITaskEvent;

public sealed record TaskPriorityChanged(long TaskId, long Priority, DateTimeOffset At, string? By = null) : ITaskEvent;

/// <summary>No eligible worker is left for a queued task: it ends failed with a reason.</summary>
public sealed record TaskAbandoned(long TaskId, string Reason, DateTimeOffset At) : ITaskEvent;

public sealed record TaskDeleted(long TaskId, DateTimeOffset At, string? By = null) : ITaskEvent;

/// <summary>An operator cleared a worker's blocklist (its per-type failure counts).</summary>
public sealed record WorkerBlocklistCleared(long WorkerId, DateTimeOffset At, string? By = null) : ITaskEvent
{
    public long TaskId => 0;
}
