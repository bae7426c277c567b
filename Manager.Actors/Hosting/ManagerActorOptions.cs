namespace Manager.Actors.Hosting;

/// <summary>How this node runs its actors and where it keeps its journal.</summary>
public sealed record ManagerActorOptions
{
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    public string ConnectionString { get; init; } = "Data Source=manager.db";

    /// <summary>The dispatcher saves a snapshot after this many events, so recovery replays at most that many.</summary>
    public int SnapshotEvery { get; init; } = 10_000;
}

public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}
