using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Manager.Tests.Bench.ResultLine;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>dashboard</c> scenario (Manager.Bench) as a process at a tiny size: 20 workers and 4 jobs × 1,500
/// frames on a real manager (enough tasks that 4 workers do not drain them within the event window: with 12 frames they
/// did in ≈ 0.2 s, and a window with a single <c>changes</c> event had no median); the overview's loads twice (each must see every job and worker, else the bench exits 1), the
/// sign-in in Chromium twice (the overview drawn with all 20 workers), then
/// GET /events read while 4 workers drain the tasks. The figures come from the benchmark at full size (BENCHMARKS.md); this
/// checks that it prints them and that the stream coalesced: at most 6 <c>changes</c> events in any second (a batch every
/// 200 ms: 5, one more when a tick comes late), where one event per task
/// would be dozens.
/// </summary>
public sealed class DashboardScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Dashboard_scenario_prints_the_overview_and_event_stream_figures_at_a_tiny_size()
    {
        var run = await BenchProgram.RunAsync(
            ["dashboard", "--workers", "20", "--jobs", "4", "--frames", "1500", "--repetitions", "2", "--busy-workers", "4", "--seconds", "2", "--warmup", "0", "--chromium"],
            TimeSpan.FromSeconds(90), output);

        var text = run.Stdout;
        Assert.True(run.ExitCode == 0, $"the benchmark exited with {run.ExitCode}:\n{text}\n{run.Stderr}");
        Assert.Equal(2, Regex.Matches(text, @"overview \d: .* \(1 pages, 4 jobs, .*\(20 workers, ").Count);
        AssertPositive(text, $@"RESULT dashboard overview: 20 workers, 4 jobs, 6004 tasks: GET /whoami \+ GET /events to its resync \+ every page of GET /jobs " +
                             $@"\+ GET /workers, parsed, in median {Number} ms, worst {Number} ms of 2 \(target < 1000 ms\)");
        AssertPositive(text, $@"RESULT dashboard overview in Chromium: sign-in clicked → the overview drawn with every worker and the tasks' counts, median {Number} ms, worst {Number} ms of 2 \(target < 1000 ms\)");
        var events = $@"RESULT dashboard events: 4 workers completing {Number} tasks/s for {Number} s: {Number} events/s \({Number} changes/s, at most {Number} changes in any second, target ≤ 4; one every {Number} ms, median\); " +
                     $@"{Number} items per event \(max {Number}\); {Number} kB/s; largest gap {Number} ms; client parse [0-9.]+ ms per event \(max [0-9.]+\)";
        AssertPositive(text, events);
        var mostInASecond = int.Parse(Regex.Match(text, events).Groups[5].Value, CultureInfo.InvariantCulture);
        Assert.InRange(mostInASecond, 1, 6);
    }
}
