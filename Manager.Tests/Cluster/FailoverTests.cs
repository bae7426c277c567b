using Manager.Bench;
using Xunit.Abstractions;

namespace Manager.Tests.Cluster;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    /// <summary>Failure detection is timing: with the shipped 2 s heartbeat pause, a survivor starved of CPU by the parallel
    /// tests could itself be taken for crashed. This collection runs on its own, after the parallel ones.</summary>
    public const string Name = "ClusterFailover";
}

/// <summary>
/// Issue 16, item 3, as a test: three real manager processes (Manager.Http.dll built next to these tests, the shipped
/// hocon/cluster.hocon) on one fresh PostgreSQL database, the singletons' node SIGKILLed, claims through the survivors.
/// The figures (median and worst of several runs, target &lt; 10 s / &lt; 15 s) come from <c>Manager.Bench failover</c> and are
/// recorded in docs/cluster.md; this test only guards against a regression to the old ≈ 50 s, with a bound that leaves
/// room for a loaded 2-core CI machine.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task After_a_SIGKILL_of_the_singletons_node_claims_are_answered_again_on_the_survivors()
    {
        var managerDll = Path.Combine(Path.GetDirectoryName(typeof(Manager.Http.ManagerHttpAssembly).Assembly.Location)!, "Manager.Http.dll");
        var log = new StringWriter();
        var result = await ClusterFailover.RunOnceAsync(
            new FailoverOptions(new ClusterOptions(managerDll, TestPostgres.ConnectionString), Workers: 4, Tasks: 100),
            log);
        output.WriteLine(log.ToString());
        foreach (var line in ClusterFailover.Describe(result)) output.WriteLine(line);

        Assert.True(result.FirstClaim < Bound, $"the first claim after the kill was answered after {result.FirstClaim} (bound {Bound})");
        Assert.True(result.EveryWorker < Bound, $"every worker's claim was answered only after {result.EveryWorker} (bound {Bound})");
        // Each step the survivors' logs show happened in the order a failover goes through.
        var steps = result.Milestones.Select(m => m.Step).ToList();
        Assert.Contains("downed by the split-brain resolver", steps);
        Assert.Contains("dispatcher recovered", steps);
    }
}
