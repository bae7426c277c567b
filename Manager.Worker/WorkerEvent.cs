namespace Manager.Worker;

public enum WorkerEventKind
{
    Enrolled,
    Registered,
    Idle,
    TaskReceived,
    TaskStarted,
    Frame,
    TaskCompleted,
    TaskFailed,
    TaskStopped,
    TaskHandedBack,
    ManagerUnreachable,
    ManagerReachable,
    Warning,
    Stopped,

    /// <summary>A picture of the last saved frame went to the manager (PUT /tasks/{id}/last-frame).</summary>
    LastFrameSent,
}

/// <summary>One state change of the worker, for a human (the console) or a test that watches the agent.</summary>
public sealed record WorkerEvent(WorkerEventKind Kind, string Message, long? TaskId = null)
{
    public DateTimeOffset At { get; init; } = DateTimeOffset.Now;

    public override string ToString() => $"{At:HH:mm:ss} {Message}";
}
