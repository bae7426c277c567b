using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Manager.Tests.Bench.ResultLine;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>jobs</c> scenario (Manager.Bench) as a process at a tiny size: on one real manager the busy load's
/// plain tasks, then as many plain tasks as the jobs have, queued and drained; on another, jobs (24 frames, chunk 4,
/// preview-first, a video: 12 tasks each) submitted through POST /jobs and drained by the same simulated workers. The figures
/// come from the benchmark at full size (BENCHMARKS.md); this checks that it prints them and that the scenario's own checks
/// held: every job and task completed, each task given out once, previews finished before their job's first chunk was
/// claimed, each video claimed after its render tasks completed.
/// </summary>
public sealed class JobsScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Jobs_scenario_prints_both_figures_and_its_checks_hold_at_a_tiny_size()
    {
        var run = await BenchProgram.RunAsync(
            ["jobs", "--workers", "8", "--jobs", "6", "--frames", "24", "--chunk", "4", "--seconds", "2", "--warmup", "1",
             "--ceiling-seconds", "0.5", "--submitters", "4", "--backlog", "100"],
            TimeSpan.FromSeconds(90), output);

        var text = run.Stdout;
        AssertPositive(text, $@"RESULT jobs submission: 6 jobs × 24 frames \(12 tasks each\) through POST /jobs, 32 at once: {Number} jobs/s = {Number} tasks/s, latency p99 {Number} ms");
        AssertPositive(text, $@"RESULT jobs 8: plain tasks {Number} life cycles/s, claim p99 {Number} ms; " +
                             $@"jobs \(6 × 24 frames, chunk 4, preview-first, video\) {Number} life cycles/s, claim p99 {Number} ms; jobs ÷ plain = {Number} \(target ≥ 0\.80\)");
        AssertPositive(text, $@"RESULT jobs drain 8: 72 plain tasks queued first {Number} life cycles/s, claim p99 {Number} ms; " +
                             $@"jobs \(6 × 24 frames, chunk 4, preview-first, video\) {Number} life cycles/s, claim p99 {Number} ms; jobs ÷ plain drain = {Number} \(target ≥ 0\.80\)");
        // The warm-up's jobs are checked too: at least the 6 measured ones, every one of them passing each check.
        var checks = Regex.Match(text, @"RESULT jobs checks: (\d+)/(\d+) jobs completed, (\d+)/(\d+) tasks completed; previews finished before the first chunk was claimed in (\d+)/(\d+) jobs; " +
                                       @"video claimed after every render task completed in (\d+)/(\d+) jobs: (.*)");
        Assert.True(checks.Success, "no RESULT jobs checks line");
        var jobs = int.Parse(checks.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(jobs >= 6, $"only {jobs} jobs checked");
        Assert.Equal(12 * jobs, int.Parse(checks.Groups[4].Value, CultureInfo.InvariantCulture));
        foreach (var (done, of) in new[] { (1, 2), (3, 4), (5, 6), (7, 8) })
            Assert.Equal(checks.Groups[of].Value, checks.Groups[done].Value);
        Assert.Equal("passed", checks.Groups[9].Value);
        Assert.True(run.ExitCode == 0, $"the benchmark exited with {run.ExitCode}:\n{text}\n{run.Stderr}");
    }
}
