namespace Manager.Actors.Tasks;

/// <summary>
/// What the dispatcher tells every node about the farm: <see cref="Idle"/> when no task is claimable and none is held, so
/// a worker's poll can only be answered "nothing" — a node then answers it without asking the dispatcher
/// (<see cref="IdleFarmView"/>). Told every <see cref="Events.FarmEventPublishing.Interval"/> (a notice lost on the way is
/// corrected by the next), and busy the moment a command makes the farm busy, before its events are written.
/// </summary>
public sealed record FarmIdleness(bool Idle)
{
    public static readonly FarmIdleness Busy = new(false);

    public static readonly FarmIdleness IdleNow = new(true);

    /// <summary>
    /// Whether every poll of an available worker would be answered "nothing": no task is claimable (a claim takes only from
    /// the queue) and none is held (a claim of a worker holding one hands it back, which only the dispatcher may do).
    /// </summary>
    public static bool Of(DispatcherState state) => state.Queue.Count == 0 && state.TaskHeldByWorker.Count == 0;
}
