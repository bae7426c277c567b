using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>
/// Issue 16, item 5: three manager processes on one PostgreSQL database, driven through all three nodes (each request to the
/// next node in turn: a load balancer without sticky sessions).
/// (a) the busy load on the single node on SQLite, then the same on the cluster: life cycles/s and claim p99 of both, and the ratio;
/// (b) many registered workers polling every interval with no work, on a fresh cluster: claim p50/p99 and each node's CPU and RSS;
/// (c) under that load, SIGKILL of the singletons' node: kill → a task submitted after it handed to a worker through a survivor.
/// </summary>
public static class ClusterScenario
{
    /// <summary>Issue 16's targets on this machine.</summary>
    private const double RatioTarget = 0.5, PollP99TargetMs = 100;
    private static readonly TimeSpan MedianTarget = TimeSpan.FromSeconds(10), MaxTarget = TimeSpan.FromSeconds(15);

    /// <summary>How long the failover under load may take before the run gives up on it.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(90);

    public static Scenario Definition { get; } = new("cluster",
        "3 managers on PostgreSQL through all nodes: (a) busy vs one node on SQLite, (b) 50,000 workers polling every 10 s, (c) failover under (b)",
        [
            BenchOption.Integer("workers"), BenchOption.Seconds("seconds"), BenchOption.Seconds("warmup"), BenchOption.Seconds("ceiling-seconds"),
            BenchOption.Integer("idle-workers"), BenchOption.Seconds("interval"), BenchOption.Integer("enroll-concurrency"), BenchOption.Integer("failover-runs"),
            .. BusyLoad.Options, .. ScenarioContext.ClusterOptionsDeclared, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var busyServed = true;
        if (context.Options.Int("workers", 200) > 0) // --workers 0: (b) and (c) only
        {
            var (single, clustered) = await BusyAsync(context);
            var ratio = clustered.CyclesPerSecond / single.CyclesPerSecond;
            context.Output.WriteLine($"RESULT cluster (a): single node on SQLite {Fmt.F(single.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(single.Claim.Percentile(99), 2)} ms; " +
                                     $"three nodes on PostgreSQL {Fmt.F(clustered.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(clustered.Claim.Percentile(99), 2)} ms; " +
                                     $"three nodes ÷ single node = {Fmt.F(ratio, 2)} (target ≥ {Fmt.F(RatioTarget, 2)})");
            busyServed = clustered.Cycles > 0 && single.Cycles > 0;
        }

        if (context.Options.Int("idle-workers", 50_000) == 0) return busyServed ? 0 : 1; // (a) only
        var failoverRuns = context.Options.Int("failover-runs", 1);
        var failovers = new List<TimeSpan>();
        for (var run = 1; run <= Math.Max(1, failoverRuns); run++)
        {
            context.Output.WriteLine($"(b){(failoverRuns > 0 ? " and (c)" : "")}, cluster {run}/{Math.Max(1, failoverRuns)} (load average {Machine.LoadAverage()}):");
            if (await PollingAsync(context, failover: failoverRuns > 0) is { } failover) failovers.Add(failover);
        }
        if (failovers.Count > 0)
            context.Output.WriteLine($"RESULT cluster (c): kill → a task submitted after it handed out, under load: {string.Join(", ", failovers.Select(Fmt.Seconds))}; " +
                                     $"median {Fmt.Seconds(FailoverScenario.Median(failovers))}, max {Fmt.Seconds(failovers.Max())} " +
                                     $"(target: median < {MedianTarget.TotalSeconds:F0} s, max < {MaxTarget.TotalSeconds:F0} s)");
        return busyServed ? 0 : 1;
    }

    /// <summary>(a) The same busy load (workers, warm-up, window) on the single node on SQLite, then on the three-node cluster.</summary>
    private static async Task<(LoadResult Single, LoadResult Clustered)> BusyAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 200);
        var seconds = options.Double("seconds", 20);
        // Three processes each see a third of the calls and share the cores: their JIT tiering settles later than one node's.
        // After 30 s the three nodes' figure spread 867–1,701 life cycles/s run to run; after 90 s 1,364–1,533 (BENCHMARKS.md (f)).
        var warmup = options.Double("warmup", 90);
        var connections = BusyLoad.Connections(options, workers);

        output.WriteLine($"(a) busy, {workers} workers: the single node on SQLite first");
        LoadResult single;
        await using (var run = await context.StartAsync(connections))
        {
            var ids = await context.RegisterAsync(run, workers);
            var ceiling = await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 3));
            single = await BusyLoad.RunAsync(context, run, ids, seconds, warmup, ceiling);
            context.ReportPeak(run.Manager);
        }

        output.WriteLine($"(a) busy, {workers} workers: the same through the three nodes");
        await using (var run = await context.StartClusterAsync(connections))
        {
            var ids = await context.RegisterAsync(run, workers);
            ClusterMessageCounts? start = null;
            var clustered = await BusyLoad.RunAsync(context, run, ids, seconds, warmup, ceiling: 0,
                windowStarting: async () => start = await ClusterMessageCounts.ScrapeAsync(run));
            var end = await ClusterMessageCounts.ScrapeAsync(run);
            output.WriteLine(ClusterMessageCounts.PerLifeCycle(start!, end, clustered.Cycles));
            ReportNodes(context, run, window: null);
            return (single, clustered);
        }
    }

    /// <summary>
    /// (b) On a fresh cluster: register the idle workers, poll one interval (not counted), then measure a window; (c) if
    /// <paramref name="failover"/>, SIGKILL the oldest node under the same load. Answers the failover time, or null.
    /// </summary>
    private static async Task<TimeSpan?> PollingAsync(ScenarioContext context, bool failover)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("idle-workers", 50_000);
        var interval = TimeSpan.FromSeconds(options.Double("interval", 10));
        var seconds = options.Double("seconds", 20);
        await using var run = await context.StartClusterAsync(connections: Math.Min(workers, 1024));

        var registration = Stopwatch.StartNew();
        var ids = await context.RegisterAsync(run, workers, options.Int("enroll-concurrency", 64));
        var registered = registration.Elapsed.TotalSeconds;

        var warmClaims = new ClaimWatch(ids.Count);
        var warm = await PollingLoad.RunAsync(run.Client, ids, interval, interval, id => warmClaims.ClaimAsync(run.Client, id));
        output.WriteLine($"warm-up (not counted): {warm.Polls} polls ({ClaimWatch.Describe(warmClaims.FailuresBeforeKill)}), latency {warm.Latency.Summary()}");
        var gcBefore = await NodeGcCounters.ScrapeAsync(run);
        var windows = run.Managers.Select(m => new CpuWindow(m.Pid)).ToList();
        var generatorPauses = new GcPauses();
        var claims = new ClaimWatch(ids.Count);
        var timeline = options.Flag("timeline") ? new Timeline() : null;
        var (polls, given, latency) = await PollingLoad.RunAsync(run.Client, ids, interval, TimeSpan.FromSeconds(seconds), id => claims.ClaimAsync(run.Client, id),
            timeline: timeline);
        var usage = windows.Select(w => w.Stop()).ToList();
        var generatorGc = generatorPauses.Close();
        var gcAfter = await NodeGcCounters.ScrapeAsync(run);
        foreach (var line in timeline?.PerSecond() ?? []) output.WriteLine(line);
        var wall = usage[0].Wall;
        output.WriteLine($"idle farm: {workers} workers polled every {Fmt.F(interval.TotalSeconds)} s for {Fmt.F(wall)} s: {polls} polls = {Fmt.F(polls / wall, 0)} /s " +
                         $"(offered {Fmt.F(workers / interval.TotalSeconds, 0)} /s), {given} tasks given; {ClaimWatch.Describe(claims.FailuresBeforeKill)}");
        output.WriteLine($"claim latency (nothing to do): {latency.Summary()}");
        var nodes = ReportNodes(context, run, usage);
        foreach (var (node, i) in run.Managers.Select((n, i) => (n, i)))
            output.WriteLine($"node {ManagerCluster.NodeName(i)} garbage collection in the window: {NodeGcCounters.Describe(gcBefore[i], gcAfter[i], usage[i].Wall)}");
        output.WriteLine($"load generator garbage collection in the window: {generatorGc}");
        output.WriteLine($"RESULT cluster (b): {workers} workers polling every {Fmt.F(interval.TotalSeconds)} s: {Fmt.F(polls / wall, 0)} claims/s " +
                         $"(offered {Fmt.F(workers / interval.TotalSeconds, 0)}), claim p50 {Fmt.F(latency.Percentile(50), 2)} ms, p99 {Fmt.F(latency.Percentile(99), 2)} ms (target < {PollP99TargetMs:F0} ms); " +
                         $"{nodes}; load generator CPU {Fmt.F(100 * usage[0].BenchCpu / wall)} %, {generatorGc}; registration {Fmt.F(registered, 1)} s = {Fmt.F(workers / registered, 0)} workers/s");
        return failover ? await FailoverAsync(context, run, ids, interval) : null;
    }

    /// <summary>
    /// (c) The polling load again; once every worker has polled, SIGKILL of the oldest node (the singletons'), which the client
    /// (the load balancer) stops sending to at once, and a task is submitted through the survivors; the time until a worker's
    /// claim is given that task (the new dispatcher serves), the first claim answered 200 at all, and every worker's.
    /// </summary>
    private static async Task<TimeSpan> FailoverAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, TimeSpan interval)
    {
        var output = context.Output;
        var victim = run.Managers[0];
        var survivors = run.Managers.Skip(1).ToList();
        var watch = new ClaimWatch(ids.Count);
        using var stop = new CancellationTokenSource();
        var polling = PollingLoad.RunAsync(run.Client, ids, interval, TimeSpan.MaxValue, id => watch.ClaimAsync(run.Client, id), stop.Token);
        try
        {
            // The load at its pace: every worker has had a poll answered (an overloaded farm may not get there: kill anyway).
            var polled = await Task.WhenAny(watch.EveryWorkerPolled, Task.Delay(3 * interval + FailoverBound)) == watch.EveryWorkerPolled;
            if (!polled) output.WriteLine($"  not every worker had a poll answered after {Fmt.F((3 * interval + FailoverBound).TotalSeconds, 0)} s: killing under that load");
            var killedAt = DateTime.UtcNow;
            watch.KillStarting();
            victim.Kill(); // SIGKILL; returns once the process has exited
            run.Client.Exclude(victim.BaseAddress);
            watch.Killed();
            output.WriteLine($"  {killedAt:HH:mm:ss.fff} UTC: node a (the singletons' node) SIGKILLed under load; the client sends to b and c only from now on");
            // An idle farm's polls are answered by the nodes while their last idle notice holds (≤ 1 s), dispatcher or not:
            // a task submitted after the kill, which only the new dispatcher can queue and hand out, times the failover.
            var submitted = SubmitUntilAcceptedAsync(run.Client, watch, FailoverBound);
            var first = await Bounded(watch.FirstClaimAnswered, FailoverBound);
            var handedOut = await Bounded(watch.FirstTaskHandedOut, FailoverBound);
            var accepted = await submitted;
            var every = await Bounded(watch.EveryWorkerAnswered, FailoverBound + interval - watch.SinceKill);
            await stop.CancelAsync();
            var (polls, _, latency) = await polling;
            foreach (var (step, at) in ClusterFailover.Milestones(survivors.Select(s => s.LogPath), killedAt))
                output.WriteLine($"    {at.TotalSeconds,6:F2} s  {step}");
            output.WriteLine($"  claims sent after the kill: {watch.ServedAfterKill} × 200, {ClaimWatch.Describe(watch.FailuresAfterKill)}; " +
                             $"sent before the kill: {ClaimWatch.Describe(watch.FailuresBeforeKill)}; claim latency over the whole run {latency.Summary()} ({polls} polls)");
            output.WriteLine($"  a task submitted after the kill: accepted after {Fmt.Seconds(accepted)}; the first claim answered 200 after {Fmt.Seconds(first)} " +
                             "(by a survivor's idle view while it held, or by the dispatcher)");
            output.WriteLine($"RESULT cluster (c): {ids.Count} workers polling every {Fmt.F(interval.TotalSeconds)} s, SIGKILL of the singletons' node → a task submitted after the kill handed to a worker after {Fmt.Seconds(handedOut)}; " +
                             $"every worker's claim answered after {Fmt.Seconds(every)}");
            return handedOut;
        }
        finally
        {
            await stop.CancelAsync();
            await polling.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// POST /tasks through the survivors until it is accepted: one task (a submitter-chosen id, so every attempt is the same
    /// task), each attempt given up after <see cref="SubmitAttempt"/> or a 503 and sent again, as an impatient submitter
    /// would (an ask sent while the dispatcher moves may be lost with the dead node and answer only at the ask timeout).
    /// Answers when it was accepted, on the kill's clock, or <see cref="TimeSpan.MaxValue"/> after <paramref name="bound"/>.
    /// </summary>
    private static async Task<TimeSpan> SubmitUntilAcceptedAsync(FarmClient client, ClaimWatch watch, TimeSpan bound)
    {
        var taskId = 1_000_000_000L + Environment.TickCount64 % 1_000_000;
        while (watch.SinceKill < bound)
        {
            try
            {
                await client.SubmitAsync(taskId, SubmitAttempt);
                return watch.SinceKill;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(SubmitPause); // pacing: a 503 comes back at once
            }
        }
        return TimeSpan.MaxValue;
    }

    private static readonly TimeSpan SubmitAttempt = TimeSpan.FromSeconds(1), SubmitPause = TimeSpan.FromMilliseconds(100);

    /// <summary>The task's time, or <see cref="TimeSpan.MaxValue"/> (printed "never") if it did not come within <paramref name="bound"/>.</summary>
    private static async Task<TimeSpan> Bounded(Task<TimeSpan> task, TimeSpan bound)
    {
        try { return await task.WaitAsync(bound > TimeSpan.Zero ? bound : TimeSpan.Zero); }
        catch (TimeoutException) { return TimeSpan.MaxValue; }
    }

    /// <summary>Each node's CPU over <paramref name="window"/> (if given) and RSS now and at its peak; answers the summary for the RESULT line.</summary>
    private static string ReportNodes(ScenarioContext context, FarmRun run, IReadOnlyList<(double Wall, double ManagerCpu, double BenchCpu)>? window)
    {
        var parts = new List<string>();
        foreach (var (node, i) in run.Managers.Select((n, i) => (n, i)))
        {
            var cpu = window is null ? "" : $"CPU {Fmt.F(100 * window[i].ManagerCpu / window[i].Wall)} % of one core, ";
            context.Output.WriteLine($"node {ManagerCluster.NodeName(i)} (pid {node.Pid}): {cpu}CPU time since start {Fmt.F(node.CpuSeconds(), 2)} s; RSS {Fmt.MB(node.Rss())}; peak RSS (VmHWM) {Fmt.MB(node.PeakRss())}");
            parts.Add($"node {ManagerCluster.NodeName(i)} {cpu}RSS {Fmt.MB(node.Rss())}");
        }
        return string.Join("; ", parts);
    }
}
