namespace Manager.Bench.Scenarios;

/// <summary>
/// The busy farm's load, shared by busy and scaling: every worker claims and completes back to back (a closed loop)
/// while submitters keep a backlog queued, after a warm-up that is not counted.
/// </summary>
public static class BusyLoad
{
    /// <summary>What the busy load reads (besides the scenario's own window lengths).</summary>
    public static IReadOnlyList<BenchOption> Options { get; } =
    [
        BenchOption.Integer("submitters"), BenchOption.Integer("backlog"), BenchOption.Flag("rendering"), BenchOption.Integer("progress"),
        BenchOption.Integer("log-chunks"), BenchOption.Integer("log-bytes"), BenchOption.Flag("log-stream"), BenchOption.Integer("idle-poll-ms"), ScenarioContext.Timeline,
    ];

    /// <summary>
    /// Submitters keep the queue from running dry: a worker's life cycle is two requests and a submission one, so
    /// at equal latency half as many submitters as workers keep up. (Too few, and the workers' empty claims —
    /// wasted requests — are what gets measured.)
    /// </summary>
    public static int Submitters(BenchOptions options, int workers) => options.Int("submitters", Math.Max(32, workers / 2));

    /// <summary>The client's connections for the busy load: one per worker and one per submitter.</summary>
    public static int Connections(BenchOptions options, int workers) => workers + Submitters(options, workers);

    public static LoadPlan Plan(BenchOptions options, IReadOnlyList<long> ids, double seconds) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        SubmitContinuously = true,
        Backlog = Backlog(options, ids),
        QueuedAtStart = Backlog(options, ids), // queued before the first run, and kept that full by every run

        Submitters = Submitters(options, ids.Count),
        Rendering = options.Flag("rendering"),
        ProgressUpdates = options.Int("progress", 0),
        LogChunks = options.Int("log-chunks", 0),
        LogBytes = options.Int("log-bytes", 1024),
        LogStream = options.Flag("log-stream"),
        IdlePollMs = options.Int("idle-poll-ms", 50),
    };

    private static int Backlog(BenchOptions options, IReadOnlyList<long> ids) => options.Int("backlog", Math.Max(2000, 4 * ids.Count));

    /// <summary>Queues the plan's <see cref="LoadPlan.QueuedAtStart"/> tasks, <see cref="LoadPlan.Submission"/> by submission, 32 at once.</summary>
    public static async Task PrefillAsync(ScenarioContext context, FarmRun run, LoadPlan plan)
    {
        var submission = plan.Submission;
        var prefill = await Load.ManyAsync(plan.QueuedAtStart / submission.Tasks, 32, _ => submission.SendAsync(run.Client));
        context.Output.WriteLine($"pre-queued {plan.QueuedAtStart} tasks" + (submission.Tasks > 1 ? $" ({prefill.Results.Length} × {submission.What})" : "")
                                 + $" in {Fmt.F(prefill.Seconds, 2)} s");
    }

    /// <summary>
    /// The plan's load for <paramref name="warmupSeconds"/>, not counted: the first seconds of a fresh process are mostly the
    /// JIT (tiered compilation recompiles the hot paths); a manager runs for days, so steady state is what counts.
    /// perf showed the tiering thread busy for ~18 s of busy load (half a core at first), so busy warms up 30 s.
    /// </summary>
    public static async Task WarmUpAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, LoadPlan plan, double warmupSeconds)
    {
        if (warmupSeconds <= 0) return;
        var warm = await Load.RunAsync(run.Client, run.Managers, ids, plan with { Duration = TimeSpan.FromSeconds(warmupSeconds) });
        context.Output.WriteLine($"warm-up (not counted): {Fmt.F(warmupSeconds, 0)} s, {Fmt.F(warm.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(warm.Claim.Percentile(99), 1)} ms"
                                 + (plan.DrainAfterWindow ? ", then every task submitted completed" : ""));
    }

    /// <summary>What a life cycle sends besides the claim and the completion, for a run's title ("" if nothing).</summary>
    public static string LifeCycleExtras(LoadPlan plan) =>
        (plan.Rendering ? ", with the rendering PATCH" : "")
        + (plan.ProgressUpdates > 0 ? $", {plan.ProgressUpdates} progress update(s) per task" : "")
        + (plan.LogChunks > 0 ? $", {plan.LogChunks} log chunk(s) of {plan.LogBytes} bytes per task{(plan.LogStream ? " on each worker's log stream" : "")}" : "");

    /// <summary>
    /// Queues the backlog, warms up for <paramref name="warmupSeconds"/>, then measures <paramref name="seconds"/>;
    /// the run is also given as a share of <paramref name="ceiling"/> (req/s of GET /healthz measured just before).
    /// </summary>
    /// <param name="windowStarting">Run after the warm-up, just before the measured window (the cluster scenario reads the nodes' counters).</param>
    /// <param name="reshape">Changes the plan the options give (busy's run without log chunks).</param>
    public static async Task<LoadResult> RunAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, double seconds, double warmupSeconds, double ceiling,
        Func<Task>? windowStarting = null, Func<LoadPlan, LoadPlan>? reshape = null)
    {
        var output = context.Output;
        var plan = Plan(context.Options, ids, seconds);
        if (reshape is not null) plan = reshape(plan);
        // Queue a backlog first, so the workers start with work.
        await PrefillAsync(context, run, plan);
        await WarmUpAsync(context, run, ids, plan, warmupSeconds);
        if (windowStarting is not null) await windowStarting();
        var r = await Load.RunAsync(run.Client, run.Managers, ids, plan);
        context.PrintLoad($"busy farm: {ids.Count} workers, {Fmt.F(seconds, 0)} s, zero-length exec_command tasks, {plan.Submitters} submitters keeping {plan.Backlog} queued"
                          + LifeCycleExtras(plan), r);
        if (ceiling > 0)
            output.WriteLine($"vs HTTP ceiling: the run served {Fmt.F(r.RequestsPerSecond, 0)} req/s = {Fmt.F(100 * r.RequestsPerSecond / ceiling)} % of the {Fmt.F(ceiling, 0)} req/s ceiling; "
                             + $"life cycles/s ÷ ceiling = {Fmt.F(r.CyclesPerSecond / ceiling, 3)}");
        output.WriteLine($"RESULT busy {ids.Count}: {Fmt.F(r.CyclesPerSecond, 0)} life cycles/s (target ≥ 2000), claim p99 {Fmt.F(r.Claim.Percentile(99), 2)} ms (target < 50 ms)");
        return r;
    }
}
