namespace Manager.Bench.Scenarios;

/// <summary>(a) 200 workers, zero-length tasks submitted continuously, as many life cycles as the manager takes; then the same paced.</summary>
public static class BusyScenario
{
    public static Scenario Definition { get; } = new("busy", "(a) 200 workers: 30 s warm-up, 20 s at saturation, then 10 s paced at 2,000 life cycles/s",
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
        await using var run = await context.StartAsync(connections: BusyLoad.Connections(options, workers));
        var ids = await context.RegisterAsync(run, workers);
        var ceiling = await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 5));
        var result = await BusyLoad.RunAsync(context, run, ids, seconds, options.Double("warmup", 30), ceiling);

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
        return result.Cycles > 0 ? 0 : 1;
    }
}
