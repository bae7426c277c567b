using Manager.Tests.Cluster;
using Xunit.Abstractions;
using static Manager.Tests.Bench.ResultLine;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>cluster</c> scenario (Manager.Bench) as a process at a tiny size: the single node and then three
/// real manager processes on PostgreSQL under the busy load, a fresh cluster with polling workers, and one SIGKILL of the
/// singletons' node under that load. The figures come from the benchmark at full size (BENCHMARKS.md); this checks that each
/// part runs and prints its RESULT line with figures. In the cluster collection: it must not share the cores with the
/// parallel tests nor with the other cluster tests (failure detection is timing).
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class ClusterScenarioTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Cluster_scenario_prints_busy_polling_and_failover_figures_at_a_tiny_size()
    {
        var run = await BenchProgram.RunAsync(
            ["cluster", "--workers", "10", "--submitters", "8", "--backlog", "200", "--seconds", "2", "--warmup", "1", "--ceiling-seconds", "1",
             "--idle-workers", "60", "--interval", "1", "--failover-runs", "1"],
            TimeSpan.FromSeconds(240), output);

        var text = run.Stdout;
        Assert.True(run.ExitCode == 0, $"the benchmark exited with {run.ExitCode}:\n{text}\n{run.Stderr}");
        AssertPositive(text, $@"RESULT cluster \(a\): single node on SQLite {Number} life cycles/s, claim p99 {Number} ms; " +
                             $@"three nodes on PostgreSQL {Number} life cycles/s, claim p99 {Number} ms; three nodes ÷ single node = {Number}");
        AssertPositive(text, $@"RESULT cluster \(b\): 60 workers polling every 1\.0 s: {Number} claims/s \(offered 60\), claim p50 {Number} ms, p99 {Number} ms .*; " +
                             $@"node a CPU {Number} % of one core, RSS {Number} MB; node b CPU {Number} % of one core, RSS {Number} MB; node c CPU {Number} % of one core, RSS {Number} MB; " +
                             $@"load generator CPU {Number} %, (?:no GC pause|[0-9]+ GC pauses, [0-9]+ ms in all, longest [0-9.]+ ms); registration {Number} s = {Number} workers/s");
        foreach (var node in new[] { "a", "b", "c" }) // the nodes' own collections (GET /metrics' System.Runtime meter)
            Assert.Matches($@"node {node} garbage collection in the window: (no collection|[0-9]+ collections \(gen0 [0-9]+, gen1 [0-9]+, gen2 [0-9]+\), [0-9]+ ms paused)", text);
        AssertPositive(text, $@"RESULT cluster \(c\): 60 workers polling every 1\.0 s, SIGKILL of the singletons' node → a task submitted after the kill handed to a worker after {Number} s; " +
                             $@"every worker's claim answered after {Number} s");
    }
}
