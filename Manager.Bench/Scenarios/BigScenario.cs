using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>(c) 10,000 registered workers and 100,000 queued tasks: RSS, then every worker claims once (saturated, then paced).</summary>
public static class BigScenario
{
    public static Scenario Definition { get; } = new("big", "(c) 10,000 workers, 100,000 queued tasks: RSS, claim latency, large GETs",
        [
            BenchOption.Integer("workers"), BenchOption.Integer("tasks"), BenchOption.Integer("concurrency"), BenchOption.Number("rate"),
            BenchOption.Flag("rendering"), ScenarioContext.Timeline, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 10_000);
        var tasks = options.Int("tasks", 100_000);
        var concurrency = options.Int("concurrency", 200);
        await using var run = await context.StartAsync(connections: concurrency + 8);
        output.WriteLine($"RSS after start: {Fmt.MB(run.Manager.Rss())}");
        var ids = await context.RegisterAsync(run, workers, concurrency: 64);
        output.WriteLine($"RSS with {workers} workers: {Fmt.MB(run.Manager.Rss())}");

        var cpu = new CpuWindow(run.Manager.Pid);
        var submit = await Load.ManyAsync(tasks, 64, _ => run.Client.SubmitAsync());
        output.WriteLine($"submitted {tasks} tasks in {Fmt.F(submit.Seconds)} s = {Fmt.F(submit.Results.Length / submit.Seconds, 0)} /s; latency {submit.Latency.Summary()}; {CpuWindow.Describe(cpu.Stop())}");
        GC.Collect();
        output.WriteLine($"RSS with {workers} workers and {tasks} queued tasks: {Fmt.MB(run.Manager.Rss())} (peak so far {Fmt.MB(run.Manager.PeakRss())})");

        var eachClaimsOnce = new LoadPlan { OneCycleEach = true, Rendering = options.Flag("rendering"), IdlePollMs = 50 };
        var r = await Load.RunAsync(run.Client, run.Managers, ids, eachClaimsOnce with { Concurrency = concurrency });
        context.PrintLoad($"big farm: each of {workers} workers claims once from the {tasks}-task queue ({concurrency} in flight) and completes", r);

        // The same at an offered rate (as busy's paced run): saturated, latency is only in-flight ÷ throughput.
        var rate = options.Double("rate", 2000);
        LoadResult? paced = null;
        if (rate > 0)
        {
            paced = await Load.RunAsync(run.Client, run.Managers, ids, eachClaimsOnce with { PacedCyclesPerSecond = rate });
            context.PrintLoad($"big farm, paced: each of {workers} workers claims once more, starts spread over {Fmt.F(workers / rate, 1)} s = {Fmt.F(rate, 0)} life cycles/s offered", paced);
        }

        // GET /workers reads the worker directory (issue 19: p50 < 20 ms at 10,000 workers); 20 calls, so its p50 is not
        // that of code the JIT has not optimised yet (its first calls serialize 3.4 MB several times slower).
        // The last: a filter no task matches (a dashboard polling for failed tasks on a farm with none), which must not
        // cost a walk over every task.
        double workersP50 = double.NaN;
        foreach (var path in new[] { "workers", "tasks?limit=1000", "tasks?status=failed&limit=100" })
        {
            var times = new Latencies();
            long bytes = 0;
            var calls = path == "workers" ? 20 : 3;
            var getCpu = new CpuWindow(run.Manager.Pid);
            for (var i = 0; i < calls; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                bytes = await run.Client.GetAsync(path);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            // Manager CPU per call reads less of the machine's other load than latency does (10 ms clock ticks).
            var perCall = getCpu.Stop().ManagerCpu * 1000 / calls;
            var merged = Latencies.Merge([times]);
            if (path == "workers") workersP50 = merged.Percentile(50);
            output.WriteLine($"GET /{path}: {bytes:N0} bytes, {calls} calls: {merged.Summary()}; manager CPU {Fmt.F(perCall, 1)} ms per call");
        }
        output.WriteLine($"RESULT big: peak RSS {Fmt.MB(run.Manager.PeakRss())} (target < 1 GB), claim p99 {Fmt.F(r.Claim.Percentile(99), 2)} ms at saturation ({concurrency} in flight)"
                         + (paced is null ? "" : $", {Fmt.F(paced.Claim.Percentile(99), 2)} ms at {Fmt.F(rate, 0)} life cycles/s offered ({Fmt.F(paced.CyclesPerSecond, 0)} served)")
                         + $" (target < 50 ms); GET /workers p50 {Fmt.F(workersP50, 1)} ms at {workers} workers (target < 20 ms)");
        return 0;
    }
}
