using System.Collections.Concurrent;
using Manager.Rules;

namespace Manager.Http.Frames;

/// <summary>
/// Lets at most one frame per <see cref="Interval"/> through from each worker (<see cref="FrameInterval"/>), so a
/// worker cannot flood the manager with pictures. Per node: in a cluster a worker whose requests go to two nodes may
/// get one through each.
/// </summary>
public sealed class LastFrameGate(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastPassed = new();

    /// <summary>Zero, and the worker's interval starts now; else how long the worker must wait (its frame is refused).</summary>
    public TimeSpan TryPass(long workerId)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            DateTimeOffset? last = _lastPassed.TryGetValue(workerId, out var seen) ? seen : null;
            var wait = FrameInterval.Wait(last, now, Interval);
            if (wait > TimeSpan.Zero) return wait;
            var passed = last is { } l ? _lastPassed.TryUpdate(workerId, now, l) : _lastPassed.TryAdd(workerId, now);
            if (passed) return TimeSpan.Zero; // else another request of this worker passed meanwhile: look again
        }
    }
}
