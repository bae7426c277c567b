using System.Diagnostics;

namespace Manager.Bench;

/// <summary>How a life-cycle run is driven.</summary>
public sealed record LoadPlan
{
    /// <summary>
    /// The measured window: life cycles completed after it are not counted, and the run ends with it (busy) unless
    /// <see cref="DrainAfterWindow"/> ...
    /// </summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>... or the run ends when this many life cycles completed (smoke, big).</summary>
    public long? TargetCycles { get; init; }
    /// <summary>
    /// The window also closes at the first claim answered with nothing to do: a farm draining a fixed set of tasks is in
    /// its steady state only while every worker finds work (jobs).
    /// </summary>
    public bool EndWindowAtFirstEmptyClaim { get; init; }
    /// <summary>
    /// After the window the submitters stop and the workers go on, not counted, until every task queued at the start or
    /// submitted during the run has completed: the next run starts on an empty queue.
    /// </summary>
    public bool DrainAfterWindow { get; init; }
    /// <summary>Keep this many tasks queued ahead of the workers with concurrent submissions (<see cref="Submission"/>) during the run.</summary>
    public bool SubmitContinuously { get; init; }
    /// <summary>What each submission sends: a plain task, or a job of many tasks.</summary>
    public Submission Submission { get; init; } = Submission.PlainTask;
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
    /// <summary>Send the chunks on each worker's log stream (a WebSocket, acknowledged before the completion) instead of one PATCH each.</summary>
    public bool LogStream { get; init; }
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
    /// <summary>If given, every claim answered and every completion sent, in order (correctness checks after a run).</summary>
    public LifeCycleLog? Log { get; init; }
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
        /// <summary>When the first empty claim was answered (ticks of the run's clock), if it ends the window.</summary>
        public long FirstEmptyAt = long.MaxValue;
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
        // The manager's CPU over the window: read by the first worker that sees the window closed (or at the end).
        var windowCpu = new Lazy<(double Wall, double ManagerCpu, double BenchCpu)>(cpu.Stop, LazyThreadSafetyMode.ExecutionAndPublication);
        var gate = plan.Concurrency > 0 ? new SemaphoreSlim(plan.Concurrency) : null;

        TimeSpan WindowEnd()
        {
            var firstEmpty = Interlocked.Read(ref shared.FirstEmptyAt);
            var end = plan.Duration ?? TimeSpan.MaxValue;
            return firstEmpty < end.Ticks ? TimeSpan.FromTicks(firstEmpty) : end;
        }
        bool InWindow(TimeSpan at) => at < WindowEnd();
        bool TargetReached() => plan.TargetCycles is { } t && Interlocked.Read(ref shared.Completed) >= t;
        bool SubmittingOver() => shared.Stop || !InWindow(clock.Elapsed) || TargetReached();

        var submitLatencies = new List<Latencies>();
        var submitters = new List<Task>();
        if (plan.SubmitContinuously)
            for (var s = 0; s < plan.Submitters; s++)
            {
                var lat = new Latencies();
                submitLatencies.Add(lat);
                submitters.Add(Task.Run(async () =>
                {
                    while (!SubmittingOver())
                    {
                        if (Interlocked.Read(ref shared.Submitted) - Interlocked.Read(ref shared.Completed) >= plan.Backlog)
                        {
                            await Task.Delay(1);
                            continue;
                        }
                        Interlocked.Add(ref shared.Submitted, plan.Submission.Tasks);
                        var t0 = Stopwatch.GetTimestamp();
                        await plan.Submission.SendAsync(client);
                        lat.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        Interlocked.Increment(ref shared.Requests);
                    }
                }));
            }
        var submitting = Task.WhenAll(submitters);

        bool Finished()
        {
            if (shared.Stop || TargetReached()) return true;
            if (InWindow(clock.Elapsed)) return false;
            _ = windowCpu.Value;
            return !plan.DrainAfterWindow || (submitting.IsCompleted && Interlocked.Read(ref shared.Completed) >= Interlocked.Read(ref shared.Submitted));
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
                await using var logStream = plan.LogStream && plan.LogChunks > 0 ? await client.OpenLogStreamAsync(id) : null;
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
                        // A life cycle started in the window is measured (latencies, requests); one completed in it is counted.
                        var startedAt = clock.Elapsed;
                        var measured = InWindow(startedAt);
                        void Sent()
                        {
                            if (measured) Interlocked.Increment(ref shared.Requests);
                        }

                        var t0 = Stopwatch.GetTimestamp();
                        var task = await client.ClaimAsync(id);
                        var claimMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                        Sent();
                        if (task is not { } taskId)
                        {
                            if (plan.EndWindowAtFirstEmptyClaim) Interlocked.CompareExchange(ref shared.FirstEmptyAt, clock.Elapsed.Ticks, long.MaxValue);
                            if (measured)
                            {
                                part.Empty.Add(claimMs);
                                Interlocked.Increment(ref shared.Empty);
                            }
                        }
                        else
                        {
                            plan.Log?.Claimed(taskId);
                            if (measured)
                            {
                                part.Claim.Add(claimMs);
                                part.Timeline.Add(startedAt.TotalSeconds, claimMs);
                            }
                            if (plan.Rendering)
                            {
                                await client.UpdateAsync(taskId, id, "rendering");
                                Sent();
                            }
                            for (var frame = 1; frame <= plan.ProgressUpdates; frame++)
                            {
                                await client.ProgressAsync(taskId, id, frame);
                                Sent();
                            }
                            for (var chunk = 1; chunk <= plan.LogChunks; chunk++)
                            {
                                if (logStream is null) await client.LogAsync(taskId, id, logJson);
                                else await logStream.SendAsync(taskId, chunk, logJson);
                                Sent();
                            }
                            if (logStream is not null) await logStream.AcknowledgedAsync();
                            plan.Log?.Completing(taskId);
                            await client.UpdateAsync(taskId, id, "completed");
                            Sent();
                            if (measured) part.Cycle.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                            Interlocked.Increment(ref shared.Completed);
                            if (InWindow(clock.Elapsed)) Interlocked.Increment(ref shared.Counted);
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
            await submitting;
        }
        var usage = windowCpu.Value;
        var seconds = plan.OneCycleEach ? clock.Elapsed : (WindowEnd() is var end && end < clock.Elapsed ? end : clock.Elapsed);
        return new LoadResult(
            shared.Counted, seconds.TotalSeconds, shared.Requests, shared.Empty, shared.Submitted - plan.QueuedAtStart,
            Latencies.Merge(parts.Select(p => p.Claim)), Latencies.Merge(parts.Select(p => p.Empty)),
            Latencies.Merge(parts.Select(p => p.Cycle)), Latencies.Merge(submitLatencies), usage,
            Timeline.Merge(parts.Select(p => p.Timeline)));
    }

    /// <summary>The HTTP ceiling: the same client and concurrency hammering a trivial endpoint (GET /healthz).</summary>
    public static async Task<(double RequestsPerSecond, Latencies Latency, (double Wall, double ManagerCpu, double BenchCpu) Cpu)> CeilingAsync(
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
