using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>
/// Issue 17, item 3: what the job layer costs. (1) On a fresh manager, the busy load: plain tasks, the baseline; then as many
/// plain tasks as the jobs of (2) have, queued first and drained (busy's life cycle includes its task's POST, a drained task's
/// does not: this is the like-for-like baseline). (2) On a fresh manager, after a warm-up on jobs of the same shape, the jobs
/// (default 1,000 × 240 frames, chunk 10, preview-first, a video) submitted through POST /jobs, then drained by the same
/// workers with the same life cycle. Life cycles/s and claim p99 of each, jobs ÷ plain; then checks that every job and task
/// completed, previews finished before their job's chunks and each video came after its frames (<see cref="JobChecks"/>).
/// </summary>
public static class JobsScenario
{
    /// <summary>Issue 17: the job layer may cost at most 20 %.</summary>
    private const double RatioTarget = 0.80;

    public static Scenario Definition { get; } = new("jobs",
        "1,000 jobs × 240 frames (chunk 10, preview-first, video) drained by 200 workers vs plain tasks (busy, and as many drained)",
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
        var tasks = jobs * shape.Tasks;

        output.WriteLine($"(1) plain tasks: the busy load, {workers} workers, on a fresh manager; then {tasks} plain tasks queued and drained as the jobs are in (2)");
        LoadResult plain, plainDrained;
        await using (var run = await context.StartAsync(BusyLoad.Connections(options, workers)))
        {
            var ids = await context.RegisterAsync(run, workers);
            var ceiling = await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 3));
            plain = await BusyLoad.RunAsync(context, run, ids, options.Double("seconds", 20), options.Double("warmup", 30), ceiling);
            // busy's backlog is still queued: the workers take it (not counted) until a claim finds nothing.
            var rest = await Load.RunAsync(run.Client, run.Managers, ids, BusyLoad.Plan(options, ids, 0) with { Duration = null, SubmitContinuously = false, EndWindowAtFirstEmptyClaim = true });
            output.WriteLine($"busy's backlog drained (not counted): {rest.Cycles} tasks in {Fmt.F(rest.Seconds, 2)} s");
            await SubmitAsync(context, run, Submission.PlainTask, tasks);
            plainDrained = await DrainAsync(context, run, ids, tasks, log: null);
            context.ReportPeak(run.Manager);
        }

        output.WriteLine($"(2) {jobs} jobs of {shape}; {workers} workers, on a fresh manager");
        await using (var run = await context.StartAsync(BusyLoad.Connections(options, workers)))
        {
            var ids = await context.RegisterAsync(run, workers, supportedTypes: ["blender_render", "exec_command"]);
            await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 3));
            var log = new LifeCycleLog();
            await WarmUpAsync(context, run, ids, shape, log);
            var submission = await SubmitAsync(context, run, JobOf(shape, "bench shot"), jobs);
            var drained = await DrainAsync(context, run, ids, tasks, log);
            var checks = await JobChecks.RunAsync(run.Client, shape, log);
            context.ReportPeak(run.Manager);

            var jobsAre = $"jobs ({jobs} × {shape.Frames} frames, chunk {shape.ChunkSize}, preview-first, video)";
            output.WriteLine($"RESULT jobs submission: {jobs} jobs × {shape.Frames} frames ({shape.Tasks} tasks each) through POST /jobs, {submission.Concurrency} at once: "
                             + $"{Fmt.F(jobs / submission.Seconds, 1)} jobs/s = {Fmt.F(tasks / submission.Seconds, 0)} tasks/s, latency p99 {Fmt.F(submission.Latency.Percentile(99), 2)} ms");
            output.WriteLine($"RESULT jobs {workers}: plain tasks {Figures(plain)}; {jobsAre} {Figures(drained)}; "
                             + $"jobs ÷ plain = {Fmt.F(drained.CyclesPerSecond / plain.CyclesPerSecond, 2)} (target ≥ {Fmt.F(RatioTarget, 2)})");
            output.WriteLine($"RESULT jobs drain {workers}: {tasks} plain tasks queued first {Figures(plainDrained)}; {jobsAre} {Figures(drained)}; "
                             + $"jobs ÷ plain drain = {Fmt.F(drained.CyclesPerSecond / plainDrained.CyclesPerSecond, 2)} (target ≥ {Fmt.F(RatioTarget, 2)})");
            output.WriteLine($"RESULT jobs checks: {checks.Summary()}");
            return plain.Cycles > 0 && plainDrained.Cycles > 0 && drained.Cycles > 0 && checks.Passed ? 0 : 1;
        }
    }

    private static string Figures(LoadResult r) => $"{Fmt.F(r.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(r.Claim.Percentile(99), 2)} ms";

    /// <summary>POST /jobs with a job of <paramref name="shape"/>.</summary>
    private static Submission JobOf(JobShape shape, string name)
    {
        var body = shape.Body(name);
        return new Submission($"job of {shape.Frames} frames (POST /jobs)", shape.Tasks, client => client.SubmitJobAsync(body));
    }

    /// <summary>
    /// busy's warm-up with jobs of the same shape: a backlog of whole jobs queued first and kept queued by the submitters;
    /// afterwards every warm-up job is drained, so the measured jobs start on an empty queue. It lasts as long as the plain
    /// manager ran before its drain (busy's warm-up and window), so both drains start on a manager as warm (the JIT's tiering
    /// of a fresh process was still compiling after a 10 s warm-up: BENCHMARKS.md, (a)).
    /// </summary>
    private static async Task WarmUpAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, JobShape shape, LifeCycleLog log)
    {
        var warmup = context.Options.Double("warmup", 30) + context.Options.Double("seconds", 20);
        if (warmup <= 0) return;
        var plan = BusyLoad.Plan(context.Options, ids, warmup);
        var backlog = (plan.Backlog + shape.Tasks - 1) / shape.Tasks * shape.Tasks;
        plan = plan with { Submission = JobOf(shape, "bench warm-up"), Backlog = backlog, QueuedAtStart = backlog, DrainAfterWindow = true, Log = log };
        await BusyLoad.PrefillAsync(context, run, plan);
        await BusyLoad.WarmUpAsync(context, run, ids, plan, warmup);
    }

    /// <summary><paramref name="count"/> submissions, --submit-concurrency at once, before any worker claims.</summary>
    private static async Task<(double Seconds, Latencies Latency, int Concurrency)> SubmitAsync(ScenarioContext context, FarmRun run, Submission submission, int count)
    {
        var concurrency = context.Options.Int("submit-concurrency", 32);
        var cpu = new CpuWindow(run.Manager.Pid);
        var r = await Load.ManyAsync(count, concurrency, _ => submission.SendAsync(run.Client));
        var usage = cpu.Stop();
        context.Output.WriteLine($"submitted {count} × {submission.What} = {count * submission.Tasks} tasks, {concurrency} at once, in {Fmt.F(r.Seconds, 2)} s = "
                                 + $"{Fmt.F(count / r.Seconds, 1)} /s = {Fmt.F(count * submission.Tasks / r.Seconds, 0)} tasks/s; latency {r.Latency.Summary()}; {CpuWindow.Describe(usage)}; "
                                 + $"manager CPU per submission {Fmt.F(1000 * usage.ManagerCpu / count, 2)} ms");
        return (r.Seconds, r.Latency, concurrency);
    }

    /// <summary>
    /// The workers drain the <paramref name="tasks"/> queued tasks with busy's life cycle. Measured from the first claim until
    /// the first claim answered with nothing to do (from then on the queue no longer feeds every worker), at most
    /// --drain-seconds; the rest is drained after the window, not counted.
    /// </summary>
    private static async Task<LoadResult> DrainAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> ids, int tasks, LifeCycleLog? log)
    {
        var cap = context.Options.Double("drain-seconds", 300);
        var plan = BusyLoad.Plan(context.Options, ids, cap) with
        {
            SubmitContinuously = false, QueuedAtStart = tasks, EndWindowAtFirstEmptyClaim = true, DrainAfterWindow = true, Log = log,
        };
        var clock = Stopwatch.StartNew();
        var r = await Load.RunAsync(run.Client, run.Managers, ids, plan);
        context.PrintLoad($"drained: {ids.Count} workers, {tasks} tasks{BusyLoad.LifeCycleExtras(plan)}; measured until the first claim with nothing to do "
                          + $"(at most {Fmt.F(cap, 0)} s), the rest drained after it", r);
        context.Output.WriteLine($"every task completed {Fmt.F(clock.Elapsed.TotalSeconds, 2)} s after the first claim; the window was the first {Fmt.F(r.Seconds, 2)} s");
        return r;
    }
}
