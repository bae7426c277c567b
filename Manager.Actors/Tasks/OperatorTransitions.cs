namespace Manager.Actors.Tasks;

/// <summary>The status changes a submitter or operator may ask for (docs/api.md, "The task life cycle"); anything else is a conflict.</summary>
public static class OperatorTransitions
{
    public static bool IsAllowed(TaskStatus from, TaskStatus to) => (from, to) switch
    {
        (TaskStatus.Queued, TaskStatus.Paused or TaskStatus.Canceled) => true,
        (TaskStatus.Rendering, TaskStatus.Queued or TaskStatus.Paused or TaskStatus.Canceled) => true,
        (TaskStatus.Paused, TaskStatus.Queued or TaskStatus.Canceled) => true,
        (TaskStatus.Failed or TaskStatus.Canceled or TaskStatus.Completed, TaskStatus.Queued) => true,
        _ => false,
    };

    /// <summary>Rendering a finished task again starts its attempt count and failed-by list afresh.</summary>
    public static bool IsRestart(TaskStatus from, TaskStatus to) => from.IsFinal() && to == TaskStatus.Queued;

    public static string Activity(TaskStatus from, TaskStatus to) => to switch
    {
        TaskStatus.Paused => "paused by operator",
        TaskStatus.Canceled => "canceled by operator",
        TaskStatus.Queued when from.IsFinal() => "queued again by operator",
        TaskStatus.Queued => "requeued by operator",
        _ => $"{to.ToWire()} by operator",
    };
}
