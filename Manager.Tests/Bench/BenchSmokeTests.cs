using Xunit.Abstractions;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>smoke</c> scenario (Manager.Bench) as a process: it starts a real manager process,
/// registers 5 workers, submits 50 tasks and drives each through claim → rendering → progress → output chunk → completed
/// over HTTP (any answer that is not a success fails the run).
/// The figures come from the benchmark; this only checks that every life cycle completed and the figures were printed.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke_scenario_completes_every_life_cycle_and_prints_the_figures()
    {
        var run = await BenchProgram.RunAsync(["smoke", "--workers", "5", "--tasks", "50", "--ceiling-seconds", "1"], TimeSpan.FromSeconds(60), output);

        var text = run.Stdout;
        Assert.True(run.ExitCode == 0, $"the benchmark exited with {run.ExitCode}:\n{text}\n{run.Stderr}");
        Assert.Contains("RESULT smoke: 50/50 life cycles completed", text);
        Assert.Matches(@"life cycles: 50 in [0-9.]+ s = [0-9.]+ life cycles/s", text);
        Assert.Matches(@"claim latency \(task given\): p50=[0-9.]+ p95=[0-9.]+ p99=[0-9.]+ max=[0-9.]+ ms \(n=50\)", text);
        Assert.Matches(@"HTTP ceiling \(GET /healthz[^)]*\): [0-9]+ req/s", text);
        Assert.Matches(@"manager CPU [0-9.]+ s over [0-9.]+ s", text);
        Assert.Matches(@"peak RSS \(VmHWM\) [0-9]+ MB", text);
    }
}
