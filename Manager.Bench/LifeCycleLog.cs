using System.Collections.Concurrent;

namespace Manager.Bench;

/// <summary>
/// The order of a load's life cycles as the workers saw it: for each task, the step at which its claim was answered and
/// the step at which its completion was sent, on one counter. A task the manager gave out only after another task
/// completed must have been claimed at a later step than that task's completion was sent (the completion was sent
/// before the manager could have applied it).
/// </summary>
public sealed class LifeCycleLog
{
    private readonly ConcurrentDictionary<long, long> _claimed = new();
    private readonly ConcurrentDictionary<long, long> _completing = new();
    private readonly ConcurrentBag<long> _claimedAgain = new();
    private long _step;

    /// <summary>A worker was given <paramref name="taskId"/>.</summary>
    public void Claimed(long taskId)
    {
        if (!_claimed.TryAdd(taskId, Interlocked.Increment(ref _step))) _claimedAgain.Add(taskId);
    }

    /// <summary>A worker is about to send the completion of <paramref name="taskId"/>.</summary>
    public void Completing(long taskId) => _completing[taskId] = Interlocked.Increment(ref _step);

    /// <summary>The step at which the task's claim was answered, or null if no worker was given it.</summary>
    public long? ClaimedAt(long taskId) => _claimed.TryGetValue(taskId, out var step) ? step : null;

    /// <summary>The step at which the task's completion was sent, or null if none was.</summary>
    public long? CompletingAt(long taskId) => _completing.TryGetValue(taskId, out var step) ? step : null;

    /// <summary>Tasks given to a worker more than once (none should be: no worker failed or went silent).</summary>
    public IReadOnlyCollection<long> ClaimedAgain => _claimedAgain;
}
