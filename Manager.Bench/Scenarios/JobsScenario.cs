using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>
/// Issue 17, item 3: what the job layer costs. (1) The busy load on a fresh manager: plain tasks, the baseline. (2) On a
/// fresh manager, jobs (default 1,000 × 240 frames, chunk 10, preview-first, a video) submitted through POST /jobs, then
/// drained by the same workers with the same life cycle. Life cycles/s and claim p99 of both, and jobs ÷ plain; then checks
/// that every job and task completed, previews finished before their job's chunks and each video came after its frames.
/// </summary>
public static class JobsScenario
{
    /// <summary>Issue 17: the job layer may cost at most 20 %.</summary>
    private const double RatioTarget = 0.80;

    public static Scenario Definition { get; } = new("jobs",
        "1,000 jobs × 240 frames (chunk 10, preview-first, video) drained by 200 workers vs busy's plain tasks, 30 s warm-up each",
        [
            BenchOption.Integer("workers"), BenchOption.Integer("jobs"), BenchOption.Integer("frames"), BenchOption.Integer("chunk"),
            BenchOption.Integer("submit-concurrency"), BenchOption.Seconds("seconds"), BenchOption.Seconds("drain-seconds"), BenchOption.Seconds("warmup"),
            BenchOption.Seconds("ceiling-seconds"),
            .. BusyLoad.Options, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 200);
        var shape = new JobShape(options.Int("frames", 240), options.Int("chunk", 10));
        var jobs = options.Int("jobs", 1000);

        output.WriteLine($"(1) plain tasks: the busy load, {workers} workers, on a fresh manager");
        LoadResult plain;
        await using (var run = await context.StartAsync(Connections(context, workers)))
        {
            var ids = await context.RegisterAsync(run, workers);
            var ceiling = await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 3));
            plain = await BusyLoad.RunAsync(context, run, ids, options.Double("seconds", 20), options.Double("warmup", 30), ceiling);
            context.ReportPeak(run.Manager);
        }

        output.WriteLine($"(2) {jobs} jobs of {shape}; {workers} workers, on a fresh manager");
        await using (var run = await context.StartAsync(Connections(context, workers)))
        {
            var ids = await context.RegisterAsync(run, workers, supportedTypes: ["blender_render", "exec_command"]);
            await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 3));
            var log = new LifeCycleLog();
            await WarmUpAsync(context, run, ids, shape, log);
            var submission = await SubmitAsync(context, run, shape, jobs);
            var drained = await DrainAsync(context, run, ids, jobs * shape.Tasks, log);
            var checks = await JobChecks.RunAsync(run.Client, shape, log);
            context.ReportPeak(run.Manager);

            output.WriteLine($"RESULT jobs submission: {jobs} jobs × {shape.Frames} frames ({shape.Tasks} tasks each) through POST /jobs, {submission.Concurrency} at once: "
                             + $"{Fmt.F(jobs / submission.Seconds, 1)} jobs/s = {Fmt.F(jobs * shape.Tasks / submission.Seconds, 0)} tasks/s, latency p99 {Fmt.F(submission.Latency.Percentile(99), 2)} ms");
            output.WriteLine($"RESULT jobs {workers}: plain tasks {Fmt.F(plain.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(plain.Claim.Percentile(99), 2)} ms; "
                             + $"jobs ({jobs} × {shape.Frames} frames, chunk {shape.ChunkSize}, preview-first, video) {Fmt.F(drained.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(drained.Claim.Percentile(99), 2)} ms; "
                             + $"jobs ÷ plain = {Fmt.F(drained.CyclesPerSecond / plain.CyclesPerSecond, 2)} (target ≥ {Fmt.F(RatioTarget, 2)})");
            output.WriteLine($"RESULT jobs checks: {checks.Summary()}");
            return plain.Cycles > 0 && drained.Cycles > 0 && checks.Passed ? 0 : 1;
        }
    }

    /// <summary>A connection per worker and per submitter of the busy load (the jobs' submission uses fewer).</summary>
    private static int Connections(ScenarioContext context, int workers) => workers + BusyLoad.Submitters(context.Options, workers);

    /// <summary>
    /// busy's warm-up with jobs of the same shape: a backlog of whole jobs queued first and kept queued by the submitters;
    /// afterwards every warm-up job is drained, so the measured jobs start on an empty queue.
    /// </summary>
    private static async Task WarmUpAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, JobShape shape, LifeCycleLog log)
    {
        var warmup = context.Options.Double("warmup", 30);
        if (warmup <= 0) return;
        var body = shape.Body("bench warm-up");
        var plan = BusyLoad.Plan(context.Options, ids, warmup);
        var backlog = (plan.Backlog + shape.Tasks - 1) / shape.Tasks * shape.Tasks;
        plan = plan with
        {
            Submission = new Submission($"job of {shape.Frames} frames", shape.Tasks, client => client.SubmitJobAsync(body)),
            Backlog = backlog, QueuedAtStart = backlog, DrainAfterWindow = true, Log = log,
        };
        await BusyLoad.PrefillAsync(context, run, plan);
        await BusyLoad.WarmUpAsync(context, run, ids, plan, warmup);
    }

    /// <summary>The measured jobs through POST /jobs, --submit-concurrency at once, before any worker claims.</summary>
    private static async Task<(double Seconds, Latencies Latency, int Concurrency)> SubmitAsync(ScenarioContext context, FarmRun run, JobShape shape, int jobs)
    {
        var concurrency = context.Options.Int("submit-concurrency", 32);
        var body = shape.Body("bench shot");
        var cpu = new CpuWindow(run.Manager.Pid);
        var r = await Load.ManyAsync(jobs, concurrency, _ => run.Client.SubmitJobAsync(body));
        var usage = cpu.Stop();
        context.Output.WriteLine($"submitted {jobs} jobs ({jobs * shape.Tasks} tasks) through POST /jobs, {concurrency} at once, in {Fmt.F(r.Seconds, 2)} s = "
                                 + $"{Fmt.F(jobs / r.Seconds, 1)} jobs/s; latency {r.Latency.Summary()}; {CpuWindow.Describe(usage)}; manager CPU per job {Fmt.F(1000 * usage.ManagerCpu / jobs, 2)} ms");
        return (r.Seconds, r.Latency, concurrency);
    }

    /// <summary>
    /// The workers drain the <paramref name="tasks"/> queued tasks with busy's life cycle. Measured from the first claim until
    /// the first claim answered with nothing to do (from then on the queue no longer feeds every worker), at most
    /// --drain-seconds; the rest is drained after the window, not counted.
    /// </summary>
    private static async Task<LoadResult> DrainAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, int tasks, LifeCycleLog log)
    {
        var cap = context.Options.Double("drain-seconds", 300);
        var plan = BusyLoad.Plan(context.Options, ids, cap) with
        {
            SubmitContinuously = false, QueuedAtStart = tasks, EndWindowAtFirstEmptyClaim = true, DrainAfterWindow = true, Log = log,
        };
        var clock = Stopwatch.StartNew();
        var r = await Load.RunAsync(run.Client, run.Managers, ids, plan);
        context.PrintLoad($"jobs drained: {ids.Count} workers, {tasks} tasks of jobs{BusyLoad.LifeCycleExtras(plan)}; measured until the first claim with nothing to do "
                          + $"(at most {Fmt.F(cap, 0)} s), the rest drained after it", r);
        context.Output.WriteLine($"every task completed {Fmt.F(clock.Elapsed.TotalSeconds, 2)} s after the first claim; the window was the first {Fmt.F(r.Seconds, 2)} s");
        return r;
    }
}
