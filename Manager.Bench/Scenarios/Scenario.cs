namespace Manager.Bench.Scenarios;

/// <summary>A benchmark scenario: its name on the command line, what it measures, and how it runs (exit code 0: it ran).</summary>
public sealed record Scenario(string Name, string Summary, Func<ScenarioContext, Task<int>> RunAsync);

/// <summary>Every scenario, by name. Each starts its own manager process on a fresh SQLite file (recovery: a generated one).</summary>
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
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string Names => string.Join('|', All.Select(s => s.Name));
}
