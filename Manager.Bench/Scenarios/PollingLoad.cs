using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>
/// Many workers polling at a fixed interval, as an idle farm does: each worker once per interval, the workers spread
/// evenly over the interval (as workers started at different times are). Used by idle and cluster.
/// </summary>
public static class PollingLoad
{
    /// <summary>
    /// Every worker polls (PATCH available, or <paramref name="request"/>: answers the tasks it was given) once per
    /// <paramref name="interval"/> for <paramref name="duration"/>, or until <paramref name="stop"/>. A poll that is late
    /// (the previous one took longer than the interval) is sent at once. <paramref name="timeline"/>, if given, gets each
    /// poll's latency by the second it started in.
    /// </summary>
    public static async Task<(long Polls, long Given, Latencies Latency)> RunAsync(FarmClient client, IReadOnlyList<long> ids, TimeSpan interval, TimeSpan duration,
        Func<long, Task<long>>? request = null, CancellationToken stop = default, Timeline? timeline = null)
    {
        request ??= async id => await client.ClaimAsync(id) is null ? 0 : 1;
        var clock = Stopwatch.StartNew();
        var parts = ids.Select(_ => new Latencies()).ToList();
        var timelines = timeline is null ? null : ids.Select(_ => new Timeline()).ToList();
        long polls = 0, given = 0;
        await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
        {
            var next = TimeSpan.FromTicks((long)(interval.Ticks * (double)i / ids.Count));
            while (next < duration && !stop.IsCancellationRequested)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    try { await Task.Delay(wait, stop); } catch (OperationCanceledException) { return; }
                var startedAt = clock.Elapsed.TotalSeconds;
                var t0 = Stopwatch.GetTimestamp();
                if (await request(id) > 0) Interlocked.Increment(ref given);
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                parts[i].Add(ms);
                timelines?[i].Add(startedAt, ms);
                Interlocked.Increment(ref polls);
                next += interval;
            }
        })));
        foreach (var part in timelines ?? []) timeline!.AddAll(part);
        return (polls, given, Latencies.Merge(parts));
    }
}
