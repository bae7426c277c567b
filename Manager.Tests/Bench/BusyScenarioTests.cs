using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Manager.Tests.Bench.ResultLine;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>busy</c> scenario (Manager.Bench) with log chunks (by PATCH, and on the workers' log streams)
/// as a process at a tiny size: the load with chunks on one real manager, then the same load without them on a fresh one, and the ratio with what a chunk request
/// cost the machine. The figures come from the benchmark at full size (BENCHMARKS.md); this checks that it prints them.
/// </summary>
public sealed class BusyScenarioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Busy_with_log_chunks_measures_the_same_load_without_them_in_the_same_run_and_prints_the_ratio(bool logStream)
    {
        var run = await BenchProgram.RunAsync(
            ["busy", "--workers", "4", "--seconds", "1", "--warmup", "0", "--rate", "0", "--ceiling-seconds", "0.5", "--submitters", "2",
             "--backlog", "50", "--log-chunks", "2", "--log-bytes", "256", .. (logStream ? new[] { "--log-stream" } : [])],
            TimeSpan.FromSeconds(90), output);

        var text = run.Stdout;
        Assert.True(run.ExitCode == 0, $"the benchmark exited with {run.ExitCode}:\n{text}\n{run.Stderr}");
        var titles = Regex.Matches(text, "^busy farm: .*$", RegexOptions.Multiline).Select(m => m.Value).ToList();
        Assert.Equal(2, titles.Count);
        Assert.Contains(logStream ? "2 log chunk(s) of 256 bytes per task on each worker's log stream" : "2 log chunk(s) of 256 bytes per task", titles[0]);
        Assert.Equal(logStream, titles[0].Contains("log stream"));
        Assert.DoesNotContain("log chunk", titles[1]);
        Assert.Equal(2, Regex.Matches(text, @"^manager pid [0-9]+ ready", RegexOptions.Multiline).Count); // a fresh manager for each
        AssertPositive(text, $@"RESULT busy log chunks: 2 per life cycle {Number} ÷ without {Number} life cycles/s = {Number} \(target ≥ 0\.60\); " +
                             $@"machine CPU per life cycle {Number} → {Number} ms, -?[0-9.]+ ms per chunk {(logStream ? "on the log stream" : "request")}; " +
                             $@"one GET /healthz {Number} ms: chunks that cheap would allow at most {Number}");
    }
}
