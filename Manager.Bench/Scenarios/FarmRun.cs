namespace Manager.Bench.Scenarios;

/// <summary>
/// The managers of one run and the client that drives them: one manager on its SQLite file (its data directory deleted at
/// the end unless --keep), or the nodes of a <see cref="ManagerCluster"/>.
/// </summary>
public sealed class FarmRun : IAsyncDisposable
{
    private readonly Func<ValueTask> _end;

    private FarmRun(IReadOnlyList<ManagerProcess> managers, FarmClient client, Func<ValueTask> end)
    {
        Managers = managers;
        Client = client;
        _end = end;
    }

    public FarmRun(ManagerProcess manager, FarmClient client, string directory, bool keep)
        : this([manager], client, async () =>
        {
            await manager.DisposeAsync();
            if (!keep) ScenarioContext.TryDelete(directory);
        })
    {
    }

    public FarmRun(ManagerCluster cluster, FarmClient client) : this(cluster.Nodes, client, cluster.DisposeAsync)
    {
    }

    /// <summary>Every manager process of the run (CPU is measured over all of them).</summary>
    public IReadOnlyList<ManagerProcess> Managers { get; }

    /// <summary>The manager of a single-manager run.</summary>
    public ManagerProcess Manager => Managers is [var only] ? only : throw new InvalidOperationException("this run has several managers: use Managers");

    public FarmClient Client { get; }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _end();
    }
}
