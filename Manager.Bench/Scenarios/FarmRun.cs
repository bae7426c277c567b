namespace Manager.Bench.Scenarios;

/// <summary>One started manager, the client that drives it and its data directory (deleted at the end unless --keep).</summary>
public sealed class FarmRun(ManagerProcess manager, FarmClient client, string directory, bool keep) : IAsyncDisposable
{
    public ManagerProcess Manager { get; } = manager;
    public FarmClient Client { get; } = client;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Manager.DisposeAsync();
        if (!keep) ScenarioContext.TryDelete(directory);
    }
}
