namespace Manager.Bench.Scenarios;

/// <summary>(a) 200 workers, zero-length tasks submitted continuously, as many life cycles as the manager takes; then the same paced.</summary>
public static class BusyScenario
{
    public static Scenario Definition { get; } = new("busy", "(a) 200 workers: 30 s warm-up, 20 s at saturation, then 10 s paced at 2,000 life cycles/s; with --log-chunks (--log-stream: on each worker's log stream), then the same without chunks on a fresh manager",
        [
            BenchOption.Integer("workers"), BenchOption.Seconds("seconds"), BenchOption.Seconds("warmup"), BenchOption.Seconds("ceiling-seconds"),
            BenchOption.Number("rate"), BenchOption.Seconds("rate-seconds"),
            .. BusyLoad.Options, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 200);
        var seconds = options.Double("seconds", 20);
        var warmup = options.Double("warmup", 30);
        LoadResult result;
        double healthzMs;
        await using (var run = await context.StartAsync(connections: BusyLoad.Connections(options, workers)))
        {
            var ids = await context.RegisterAsync(run, workers);
            var ceiling = await context.MeasureCeilingAsync(run, workers, options.Double("ceiling-seconds", 5));
            healthzMs = ceiling.MachineCpuMsPerRequest;
            result = await BusyLoad.RunAsync(context, run, ids, seconds, warmup, ceiling.RequestsPerSecond);

            // Latency at a given load, not at saturation: in a closed loop with no think time, latency is simply
            // requests in flight ÷ throughput (Little's law), so it says nothing about how fast a claim is served.
            var rate = options.Double("rate", 2000);
            if (rate > 0)
            {
                var paced = await Load.RunAsync(run.Client, run.Managers, ids, BusyLoad.Plan(options, ids, options.Double("rate-seconds", 10)) with { PacedCyclesPerSecond = rate });
                context.PrintLoad($"paced: {ids.Count} workers each starting a life cycle every {Fmt.F(ids.Count / rate, 3)} s = {Fmt.F(rate, 0)} life cycles/s offered", paced);
                output.WriteLine($"RESULT busy {ids.Count} at {Fmt.F(rate, 0)} life cycles/s offered: {Fmt.F(paced.CyclesPerSecond, 0)} served, claim p99 {Fmt.F(paced.Claim.Percentile(99), 2)} ms (target < 50 ms)");
            }
            context.ReportPeak(run.Manager);
        }
        if (result.Cycles == 0) return 1;
        var chunks = options.Int("log-chunks", 0);
        return chunks > 0 ? await CompareWithoutLogChunksAsync(context, workers, seconds, warmup, result, chunks, healthzMs) : 0;
    }

    /// <summary>
    /// What log chunks cost (issue 16: with 3 per life cycle the farm keeps ≥ 60 % of its life cycles/s): the same load
    /// without chunks on a fresh manager, in the same run, and the ratio. Both processes share the machine's cores, so
    /// the bound printed with it is in machine CPU (manager + load generator): if every chunk (a request, or with
    /// --log-stream a message on the worker's log stream) cost no more than one GET /healthz (no authentication, no
    /// body, no actor, no disk), the ratio could reach at most plain ÷ (plain + chunks × healthz) per life cycle.
    /// </summary>
    private static async Task<int> CompareWithoutLogChunksAsync(ScenarioContext context, int workers, double seconds, double warmup, LoadResult withChunks,
        int chunks, double healthzMs)
    {
        await using var run = await context.StartAsync(connections: BusyLoad.Connections(context.Options, workers));
        var ids = await context.RegisterAsync(run, workers);
        var plain = await BusyLoad.RunAsync(context, run, ids, seconds, warmup, ceiling: 0, reshape: plan => plan with { LogChunks = 0 });
        context.ReportPeak(run.Manager);
        if (plain.Cycles == 0) return 1;

        var streamed = context.Options.Flag("log-stream");
        var withMs = MachineCpuMsPerLifeCycle(withChunks);
        var plainMs = MachineCpuMsPerLifeCycle(plain);
        context.Output.WriteLine(
            $"RESULT busy log chunks: {chunks} per life cycle {Fmt.F(withChunks.CyclesPerSecond, 0)} ÷ without {Fmt.F(plain.CyclesPerSecond, 0)} life cycles/s = "
            + $"{Fmt.F(withChunks.CyclesPerSecond / plain.CyclesPerSecond, 2)} (target ≥ 0.60); machine CPU per life cycle {Fmt.F(plainMs, 3)} → {Fmt.F(withMs, 3)} ms, "
            + $"{Fmt.F((withMs - plainMs) / chunks, 3)} ms per chunk {(streamed ? "on the log stream" : "request")}; one GET /healthz {Fmt.F(healthzMs, 3)} ms: "
            + $"chunks that cheap would allow at most {Fmt.F(plainMs / (plainMs + chunks * healthzMs), 2)}");
        return 0;
    }

    /// <summary>Manager and load generator CPU per life cycle counted in the window, in ms.</summary>
    private static double MachineCpuMsPerLifeCycle(LoadResult r) => 1000 * (r.Cpu.ManagerCpu + r.Cpu.BenchCpu) / Math.Max(1, r.Cycles);
}
