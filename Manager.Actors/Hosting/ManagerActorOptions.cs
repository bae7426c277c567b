namespace Manager.Actors.Hosting;

/// <summary>How this node runs its actors and where it keeps its journal.</summary>
public sealed record ManagerActorOptions
{
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    public string ConnectionString { get; init; } = "Data Source=manager.db";

    /// <summary>Where the dispatcher's snapshots go; null: the default, see <see cref="SnapshotStore"/>.</summary>
    public string? SnapshotConnectionString { get; init; }

    /// <summary>
    /// The snapshot store's connection string. SQLite: by default a second file beside the journal
    /// (<c>manager.db</c> → <c>manager.snapshots.db</c>), because SQLite has one writer per file and writing a
    /// snapshot of every task would hold up the journal's small, latency-critical writes for its whole duration.
    /// PostgreSQL: the journal's database.
    /// </summary>
    public string SnapshotStore => SnapshotConnectionString
                                   ?? (Provider == PersistenceProvider.Sqlite ? SqliteFile.SnapshotsBeside(ConnectionString) : ConnectionString);

    /// <summary>The dispatcher saves a snapshot after this many events, so recovery replays at most that many.</summary>
    public int SnapshotEvery { get; init; } = 10_000;

    /// <summary>Null: single node (no remoting). Set: this node joins an Akka.NET cluster (PostgreSQL only).</summary>
    public ClusterNodeOptions? Cluster { get; init; }
}

public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Where this node listens for other nodes and whom it contacts to join (Cluster:Host, Cluster:Port, Cluster:Seeds).</summary>
public sealed record ClusterNodeOptions
{
    /// <summary>The ActorSystem name; node addresses read akka.tcp://manager@HOST:PORT.</summary>
    public const string SystemName = "manager";

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 = any free port.</summary>
    public int Port { get; init; } = 4053;

    public IReadOnlyList<string> Seeds { get; init; } = [];
}
