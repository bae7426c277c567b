using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Manager.Bench.Scenarios;

/// <summary>
/// Many workers polling at a fixed interval, as an idle farm does: each worker once per interval, the workers spread
/// evenly over the interval (as workers started at different times are). Used by idle and cluster.
/// </summary>
/// <remarks>
/// Shaped so that the generator's own GC pauses, which land inside the latencies it measures, stay short. One
/// long-lived async loop per worker (each with a timer pending for up to an interval, its state machine promoted and
/// written into at every await) made each gen0 collection promote ~15 MB at 50,000 workers and pause up to ~100 ms.
/// Here a few scheduling loops start the polls, each poll is a short-lived operation, the per-worker state is one
/// int, and the latencies go to lists of doubles, one per thread.
/// </remarks>
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
        var workers = ids.Count;
        // Polls of each worker that are due and not completed yet (the one in flight included): only the 0 → 1 step
        // sends a poll from a scheduling loop; a poll that completes with more due sends the next itself.
        var owed = new int[workers];
        using var recorders = new ThreadLocal<Recorder>(() => new Recorder(timeline is not null), trackAllValues: true);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ExceptionDispatchInfo? fault = null;
        var running = 1; // the scheduling loops, as one, plus each worker whose polls are in flight
        var allCompleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        long FirstPollAt(int worker) => (long)(interval.Ticks * (double)worker / workers);

        // Loop `first` owns workers first, first + loops, first + 2 × loops, …: their polls fall due in that order, round after round.
        async Task ScheduleAsync(int first, int loops)
        {
            for (long round = 0; ; round++)
                for (var worker = first; worker < workers; worker += loops)
                {
                    var due = FirstPollAt(worker) + round * interval.Ticks;
                    if (due >= duration.Ticks || stopping.IsCancellationRequested) return;
                    var wait = due - clock.Elapsed.Ticks;
                    if (wait > 0)
                        try { await Task.Delay(TimeSpan.FromTicks(wait), stopping.Token); } catch (OperationCanceledException) { return; }
                    if (Interlocked.Increment(ref owed[worker]) == 1)
                    {
                        Interlocked.Increment(ref running);
                        _ = PollAsync(worker);
                    }
                }
        }

        async Task PollAsync(int worker)
        {
            do
            {
                var startedAt = clock.Elapsed.TotalSeconds;
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var tasks = await request(ids[worker]);
                    var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                    var recorder = recorders.Value!;
                    recorder.Latencies.Add(ms);
                    recorder.Timeline?.Add(startedAt, ms);
                    if (tasks > 0) recorder.Given++;
                }
                catch (Exception e)
                {
                    // No more polls; RunAsync throws it once the polls in flight have completed.
                    Interlocked.CompareExchange(ref fault, ExceptionDispatchInfo.Capture(e), null);
                    await stopping.CancelAsync();
                }
            } while (Interlocked.Decrement(ref owed[worker]) > 0 && !stopping.IsCancellationRequested);
            if (Interlocked.Decrement(ref running) == 0) allCompleted.SetResult();
        }

        var loopCount = Math.Min(workers, Environment.ProcessorCount * 4);
        await Task.WhenAll(Enumerable.Range(0, loopCount).Select(first => ScheduleAsync(first, loopCount)));
        if (Interlocked.Decrement(ref running) == 0) allCompleted.SetResult();
        await allCompleted.Task;

        fault?.Throw();
        var parts = recorders.Values;
        foreach (var part in parts) if (part.Timeline is { } t) timeline!.AddAll(t);
        return (parts.Sum(p => (long)p.Latencies.Count), parts.Sum(p => p.Given), Latencies.Merge(parts.Select(p => p.Latencies)));
    }

    /// <summary>What the polls completing on one thread measured: recorded without locks, merged at the end.</summary>
    private sealed class Recorder(bool withTimeline)
    {
        public Latencies Latencies { get; } = new();
        public Timeline? Timeline { get; } = withTimeline ? new() : null;
        public long Given;
    }
}
