using System.Diagnostics;

namespace Manager.Bench;

/// <summary>How a life-cycle run is driven.</summary>
public sealed record LoadPlan
{
    /// <summary>Run for this long (busy) ...</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>... or until this many life cycles completed (smoke, big).</summary>
    public long? TargetCycles { get; init; }
    /// <summary>Keep this many tasks queued ahead of the workers with concurrent POST /tasks during the run.</summary>
    public bool SubmitContinuously { get; init; }
    public int Backlog { get; init; } = 1000;
    /// <summary>Tasks already queued when the run starts (a backlog queued before): submitters only replace completed ones.</summary>
    public int QueuedAtStart { get; init; }
    public int Submitters { get; init; } = 32;
    /// <summary>Send the optional PATCH {"status":"rendering"} before completing.</summary>
    public bool Rendering { get; init; }
    /// <summary>Progress updates (PATCH /tasks/{id} with frame_current 1, 2, …) each worker sends between claim and completion.</summary>
    public int ProgressUpdates { get; init; }
    /// <summary>Output chunks (PATCH /tasks/{id} with a log) each worker sends between claim and completion.</summary>
    public int LogChunks { get; init; }
    public int LogBytes { get; init; } = 1024;
    /// <summary>How long a worker waits after an empty claim.</summary>
    public int IdlePollMs { get; init; } = 50;
    /// <summary>At most this many workers in a claim→complete cycle at once (0: all).</summary>
    public int Concurrency { get; init; }
    /// <summary>Each worker does at most one life cycle (big farm: 10,000 workers claim once each).</summary>
    public bool OneCycleEach { get; init; }
    /// <summary>
    /// Offered load instead of as-fast-as-possible: each worker starts a life cycle every workers ÷ rate seconds
    /// (staggered), as if each task took that long to render. Null: closed loop, no pause.
    /// </summary>
    public double? PacedCyclesPerSecond { get; init; }
}

public sealed record LoadResult(
    long Cycles, double Seconds, long Requests, long EmptyClaims, long Submitted,
    Latencies Claim, Latencies EmptyClaim, Latencies Cycle, Latencies Submit,
    (double Wall, double ManagerCpu, double BenchCpu) Cpu, Timeline ClaimTimeline)
{
    public double CyclesPerSecond => Cycles / Seconds;
    public double RequestsPerSecond => Requests / Seconds;
}

public static class Load
{
    private sealed class Shared
    {
        public long Completed;
        public long Counted;
        public long Submitted;
        public long Requests;
        public long Empty;
        public volatile bool Stop;
    }

    /// <summary>Workers follow the protocol: claim (PATCH /workers/{id} available) → [rendering] → completed.</summary>
    /// <param name="managers">Whose CPU is measured (summed): the one manager, or every node of a cluster.</param>
    public static async Task<LoadResult> RunAsync(FarmClient client, IReadOnlyList<ManagerProcess> managers, IReadOnlyList<long> workerIds, LoadPlan plan)
    {
        var shared = new Shared { Submitted = plan.QueuedAtStart };
        var logJson = plan.LogChunks > 0 ? FarmClient.LogChunkJson(plan.LogBytes) : "";
        var clock = Stopwatch.StartNew();
        var cpu = new CpuWindow(managers.Select(m => m.Pid).ToList());
        var gate = plan.Concurrency > 0 ? new SemaphoreSlim(plan.Concurrency) : null;

        bool Finished() =>
            shared.Stop
            || (plan.Duration is { } d && clock.Elapsed >= d)
            || (plan.TargetCycles is { } t && Interlocked.Read(ref shared.Completed) >= t);

        var submitLatencies = new List<Latencies>();
        var submitters = new List<Task>();
        if (plan.SubmitContinuously)
            for (var s = 0; s < plan.Submitters; s++)
            {
                var lat = new Latencies();
                submitLatencies.Add(lat);
                submitters.Add(Task.Run(async () =>
                {
                    while (!Finished())
                    {
                        if (Interlocked.Read(ref shared.Submitted) - Interlocked.Read(ref shared.Completed) >= plan.Backlog)
                        {
                            await Task.Delay(1);
                            continue;
                        }
                        Interlocked.Increment(ref shared.Submitted);
                        var t0 = Stopwatch.GetTimestamp();
                        await client.SubmitAsync();
                        lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        Interlocked.Increment(ref shared.Requests);
                    }
                }));
            }

        var parts = new List<(Latencies Claim, Latencies Empty, Latencies Cycle, Timeline Timeline)>();
        var workers = new List<Task>();
        var period = plan.PacedCyclesPerSecond is { } rate ? TimeSpan.FromSeconds(workerIds.Count / rate) : (TimeSpan?)null;
        foreach (var (id, index) in workerIds.Select((id, index) => (id, index)))
        {
            var part = (Claim: new Latencies(), Empty: new Latencies(), Cycle: new Latencies(), Timeline: new Timeline());
            parts.Add(part);
            workers.Add(Task.Run(async () =>
            {
                var nextStart = period is { } p ? p * ((double)index / workerIds.Count) : TimeSpan.Zero;
                while (!Finished())
                {
                    if (period is { } every)
                    {
                        if (nextStart - clock.Elapsed is { } wait && wait > TimeSpan.Zero) await Task.Delay(wait);
                        nextStart += every;
                        if (Finished()) break;
                    }
                    if (gate is not null) await gate.WaitAsync();
                    try
                    {
                        var startedAt = clock.Elapsed.TotalSeconds;
                        var t0 = Stopwatch.GetTimestamp();
                        var task = await client.ClaimAsync(id);
                        var claimMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                        Interlocked.Increment(ref shared.Requests);
                        if (task is not { } taskId)
                        {
                            part.Empty.Add(claimMs);
                            Interlocked.Increment(ref shared.Empty);
                        }
                        else
                        {
                            part.Claim.Add(claimMs);
                            part.Timeline.Add(startedAt, claimMs);
                            if (plan.Rendering)
                            {
                                await client.UpdateAsync(taskId, id, "rendering");
                                Interlocked.Increment(ref shared.Requests);
                            }
                            for (var frame = 1; frame <= plan.ProgressUpdates; frame++)
                            {
                                await client.ProgressAsync(taskId, id, frame);
                                Interlocked.Increment(ref shared.Requests);
                            }
                            for (var chunk = 0; chunk < plan.LogChunks; chunk++)
                            {
                                await client.LogAsync(taskId, id, logJson);
                                Interlocked.Increment(ref shared.Requests);
                            }
                            await client.UpdateAsync(taskId, id, "completed");
                            Interlocked.Increment(ref shared.Requests);
                            part.Cycle.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                            Interlocked.Increment(ref shared.Completed);
                            if (plan.Duration is not { } d || clock.Elapsed <= d) Interlocked.Increment(ref shared.Counted);
                            if (plan.OneCycleEach) return;
                            continue;
                        }
                    }
                    finally
                    {
                        gate?.Release();
                    }
                    await Task.Delay(plan.IdlePollMs);
                }
            }));
        }

        try
        {
            await Task.WhenAll(workers);
        }
        finally
        {
            shared.Stop = true;
            await Task.WhenAll(submitters);
        }
        var usage = cpu.Stop();
        var seconds = plan.Duration is { } duration && !plan.OneCycleEach ? duration.TotalSeconds : clock.Elapsed.TotalSeconds;
        return new LoadResult(
            plan.Duration is not null ? shared.Counted : shared.Completed, seconds, shared.Requests, shared.Empty, shared.Submitted - plan.QueuedAtStart,
            Latencies.Merge(parts.Select(p => p.Claim)), Latencies.Merge(parts.Select(p => p.Empty)),
            Latencies.Merge(parts.Select(p => p.Cycle)), Latencies.Merge(submitLatencies), usage,
            Timeline.Merge(parts.Select(p => p.Timeline)));
    }

    /// <summary>The HTTP ceiling: the same client and concurrency hammering a trivial endpoint (GET /healthz).</summary>
    public static async Task<(double RequestsPerSecond, Latencies Latency, (double, double, double) Cpu)> CeilingAsync(
        FarmClient client, ManagerProcess manager, int concurrency, TimeSpan duration, string path = "healthz")
    {
        var cpu = new CpuWindow(manager.Pid);
        var clock = Stopwatch.StartNew();
        long count = 0;
        var parts = Enumerable.Range(0, concurrency).Select(_ => new Latencies()).ToList();
        await Task.WhenAll(parts.Select(lat => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var response = await client.Http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }
        })));
        var usage = cpu.Stop();
        return (count / clock.Elapsed.TotalSeconds, Latencies.Merge(parts), usage);
    }

    /// <summary>Runs <paramref name="count"/> calls with at most <paramref name="concurrency"/> in flight.</summary>
    public static async Task<(T[] Results, double Seconds, Latencies Latency)> ManyAsync<T>(int count, int concurrency, Func<int, Task<T>> call)
    {
        var results = new T[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var parts = Enumerable.Range(0, Math.Min(concurrency, Math.Max(count, 1))).Select(_ => new Latencies()).ToList();
        await Task.WhenAll(parts.Select(lat => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Stopwatch.GetTimestamp();
                results[i] = await call(i);
                lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
        return (results, clock.Elapsed.TotalSeconds, Latencies.Merge(parts));
    }
}
