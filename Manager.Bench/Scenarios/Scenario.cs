namespace Manager.Bench.Scenarios;

/// <summary>
/// A benchmark scenario: its name on the command line, what it measures, the options it reads (the command line
/// accepts no others) and how it runs (exit code 0: it ran).
/// </summary>
public sealed record Scenario(string Name, string Summary, IReadOnlyList<BenchOption> Options, Func<ScenarioContext, Task<int>> RunAsync);

/// <summary>Every scenario, by name, and the command line that picks one. Each starts its own manager process on a fresh SQLite file (recovery: a generated one).</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        BusyScenario.Definition,
        IdleScenario.Definition,
        BigScenario.Definition,
        RecoveryScenario.Definition,
        ScalingScenario.Definition,
        SmokeScenario.Definition,
        FailoverScenario.Definition,
        ClusterScenario.Definition,
        JobsScenario.Definition,
        DashboardScenario.Definition,
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <c>scenario [--name value]...</c>: the scenario and its options. Throws <see cref="ArgumentException"/> (a message for
    /// the user, listing what is valid) for an unknown scenario, an option the scenario does not read, or a value of the wrong kind.
    /// </summary>
    public static (Scenario Scenario, BenchOptions Options) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) throw new ArgumentException(Usage());
        var scenario = Find(args[0]) ?? throw new ArgumentException($"unknown scenario '{args[0]}'\n{Usage()}");
        var options = BenchOptions.Parse(scenario.Name, args.Skip(1).ToList(), scenario.Options,
            name => All.Where(s => s.Options.Any(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase))).Select(s => s.Name).ToList());
        return (scenario, options);
    }

    /// <summary><c>--help</c>, <c>-h</c> or <c>help</c> anywhere: print <see cref="Usage"/> instead of running.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h") || args is ["help", ..];

    /// <summary>Every scenario with its options (<c>Manager.Bench --help</c>).</summary>
    public static string Usage() =>
        "usage: Manager.Bench SCENARIO [--name value | --name=value]...   (BENCHMARKS.md describes every option)\n"
        + string.Join('\n', All.Select(s => $"  {s.Name,-9} {s.Summary}\n            {BenchOptions.Valid(s.Name, s.Options)}"));
}
