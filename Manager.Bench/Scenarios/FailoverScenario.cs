namespace Manager.Bench.Scenarios;

/// <summary>
/// Three manager processes as a cluster on one PostgreSQL database; the singletons' node is SIGKILLed; the time until claims
/// are answered again on the survivors, for each of several runs (a fresh cluster and database each), then the median and the worst.
/// </summary>
public static class FailoverScenario
{
    /// <summary>Issue 16: with the shipped hocon/cluster.hocon, on loopback.</summary>
    private static readonly TimeSpan MedianTarget = TimeSpan.FromSeconds(10), MaxTarget = TimeSpan.FromSeconds(15);

    public static Scenario Definition { get; } = new("failover",
        "three clustered managers on PostgreSQL, SIGKILL of the singletons' node → claims answered again (per run, median, max)",
        [
            BenchOption.Integer("runs"), BenchOption.Integer("workers"), BenchOption.Integer("tasks"), BenchOption.Text("kill", "W"),
            .. ScenarioContext.ClusterOptionsDeclared, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var runs = options.Int("runs", 5);
        var hocon = options.String("hocon");
        var kill = options.String("kill") ?? "oldest";
        if (kill is not ("oldest" or "youngest")) throw new ArgumentException($"--kill expects oldest or youngest, got '{kill}'");
        var failover = new FailoverOptions(context.ClusterOptions(), options.Int("workers", 6), options.Int("tasks", 300), KillYoungest: kill == "youngest");
        output.WriteLine($"cluster settings: the shipped hocon/cluster.hocon{(hocon is null ? "" : $", then {Path.GetFullPath(hocon)}:\n{File.ReadAllText(hocon).Trim()}")}");

        var first = new List<TimeSpan>();
        var every = new List<TimeSpan>();
        for (var run = 1; run <= runs; run++)
        {
            output.WriteLine($"run {run}/{runs} (load average {Machine.LoadAverage()}):");
            var result = await ClusterFailover.RunOnceAsync(failover, output);
            foreach (var line in ClusterFailover.Describe(result)) output.WriteLine($"  {line}");
            if (failover.Cluster.Keep) output.WriteLine($"  logs kept in {result.Directory}");
            first.Add(result.FirstClaim);
            every.Add(result.EveryWorker);
        }
        output.WriteLine($"RESULT failover: kill → first claim answered: {string.Join(", ", first.Select(Fmt.Seconds))}; " +
                         $"median {Fmt.Seconds(Median(first))}, max {Fmt.Seconds(first.Max())}" +
                         (kill == "oldest" ? $" (target: median < {MedianTarget.TotalSeconds:F0} s, max < {MaxTarget.TotalSeconds:F0} s)" : " (the youngest node killed)"));
        output.WriteLine($"RESULT failover: kill → every worker's claim answered: {string.Join(", ", every.Select(Fmt.Seconds))}; median {Fmt.Seconds(Median(every))}, max {Fmt.Seconds(every.Max())}");
        return 0;
    }

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : sorted[mid - 1] + (sorted[mid] - sorted[mid - 1]) / 2;
    }
}
