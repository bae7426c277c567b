using System.Globalization;

namespace Manager.Bench.Scenarios;

/// <summary>Life cycles/s and claim p99 as the farm grows (default 10, 100, 1000 workers), a fresh manager per point.</summary>
public static class ScalingScenario
{
    public static Scenario Definition { get; } = new("scaling", "the busy load at 10, 100 and 1,000 workers, 10 s each, a fresh manager per point",
        [
            BenchOption.IntegerList("workers"), BenchOption.Seconds("seconds"), BenchOption.Seconds("warmup"), BenchOption.Seconds("ceiling-seconds"),
            .. BusyLoad.Options, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var counts = options.IntList("workers", [10, 100, 1000]);
        var seconds = options.Double("seconds", 10);
        var rows = new List<string>();
        foreach (var workers in counts)
        {
            output.WriteLine($"--- {workers} workers");
            await using var run = await context.StartAsync(connections: Math.Min(workers, 1024) + BusyLoad.Submitters(options, workers));
            var ids = await context.RegisterAsync(run, workers);
            var ceiling = await context.CeilingAsync(run, Math.Min(workers, 1024), options.Double("ceiling-seconds", 3));
            var r = await BusyLoad.RunAsync(context, run, ids, seconds, options.Double("warmup", 5), ceiling);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {workers} | {r.CyclesPerSecond:F0} | {r.Claim.Percentile(50):F1} | {r.Claim.Percentile(99):F1} | {r.Cycle.Percentile(99):F1} | {100 * r.Cpu.ManagerCpu / r.Cpu.Wall:F0} % | {Fmt.MB(run.Manager.PeakRss())} | {ceiling:F0} |"));
        }
        output.WriteLine();
        output.WriteLine("| workers | life cycles/s | claim p50 ms | claim p99 ms | cycle p99 ms | manager CPU (of one core) | peak RSS | HTTP ceiling req/s |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) output.WriteLine(row);
        return 0;
    }
}
