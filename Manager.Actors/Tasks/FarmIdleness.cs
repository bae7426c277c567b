namespace Manager.Actors.Tasks;

/// <summary>
/// What the dispatcher tells every node about the farm: <see cref="Idle"/> when no task is claimable and none is held, so
/// a worker's poll can only be answered "nothing" — a node then answers it without asking the dispatcher
/// (<see cref="IdleFarmView"/>). An idle notice holds for <see cref="ValidFor"/> from its arrival and is sent again while
/// the farm stays idle; a busy one is sent the moment a command makes the farm busy, before its events are written.
/// </summary>
public sealed record FarmIdleness(bool Idle, TimeSpan ValidFor)
{
    /// <summary>How long an idle notice holds: it is re-sent every <see cref="Events.FarmEventPublishing.Interval"/>, so a
    /// few notices may be late or lost; a lost busy notice leaves a node answering "nothing" at most this long.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    public static readonly FarmIdleness Busy = new(false, TimeSpan.Zero);

    public static readonly FarmIdleness IdleNow = new(true, Lease);

    /// <summary>
    /// Whether every poll of an available worker would be answered "nothing": no task is claimable (a claim takes only from
    /// the queue) and none is held (a claim of a worker holding one hands it back, which only the dispatcher may do).
    /// </summary>
    public static bool Of(DispatcherState state) => state.Queue.Count == 0 && state.TaskHeldByWorker.Count == 0;
}
