using Manager.Actors.Hosting;
using Microsoft.Data.Sqlite;

namespace Manager.Http.Configuration;

/// <summary>A configuration mistake: the Manager stops at start-up with this one line.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>Reads the operator-facing configuration names (see README, "Configuration") into typed options.</summary>
public sealed record ManagerConfiguration(ManagerActorOptions Actors, string? ExtraHoconFile)
{
    public static ManagerConfiguration Read(IConfiguration configuration)
    {
        var providerName = configuration["Persistence:Provider"] ?? "sqlite";
        var provider = providerName.ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgresql" or "postgres" => PersistenceProvider.PostgreSql,
            _ => throw new ConfigurationException(
                $"Persistence:Provider is '{providerName}'; set it to 'sqlite' (the default) or 'postgresql'."),
        };

        var connectionString = configuration["Persistence:ConnectionString"];
        if (provider == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException(
                "Persistence:Provider is 'postgresql' but Persistence:ConnectionString is empty; set it, e.g. \"Host=127.0.0.1;Username=manager;Password=...;Database=manager\".");
        connectionString = provider == PersistenceProvider.Sqlite
            ? AbsoluteSqlite(connectionString ?? "Data Source=manager.db")
            : PostgresPool.Bounded(connectionString!);
        var snapshotConnectionString = configuration["Persistence:SnapshotConnectionString"] is { Length: > 0 } snapshots
            ? provider == PersistenceProvider.Sqlite ? AbsoluteSqlite(snapshots, "Persistence:SnapshotConnectionString") : PostgresPool.Bounded(snapshots)
            : null;

        if (configuration.GetValue("Cluster:Enabled", false) && provider != PersistenceProvider.PostgreSql)
            throw new ConfigurationException(
                "Cluster:Enabled is true but Persistence:Provider is not 'postgresql'; SQLite allows one manager per file, so a cluster needs PostgreSQL.");
        var cluster = ReadCluster(configuration);

        var hocon = configuration["Manager:HoconFile"];
        if (hocon is { Length: > 0 } && !File.Exists(hocon))
            throw new ConfigurationException($"Manager:HoconFile is '{hocon}', but there is no such file.");

        var actors = new ManagerActorOptions
        {
            Provider = provider,
            ConnectionString = connectionString!,
            SnapshotConnectionString = snapshotConnectionString,
            SnapshotEvery = configuration.GetValue("Manager:SnapshotEvery", 10_000),
            Cluster = cluster,
        };
        return new ManagerConfiguration(actors, hocon is { Length: > 0 } ? hocon : null);
    }

    /// <summary>Cluster:Enabled, Cluster:Host, Cluster:Port, Cluster:Seeds (null when not a cluster node).</summary>
    private static ClusterNodeOptions? ReadCluster(IConfiguration configuration)
    {
        if (!configuration.GetValue("Cluster:Enabled", false)) return null;
        var host = configuration["Cluster:Host"] is { Length: > 0 } h ? h : "127.0.0.1";
        var portText = configuration["Cluster:Port"];
        var port = 4053;
        if (portText is { Length: > 0 } && (!int.TryParse(portText, out port) || port is < 0 or > 65535))
            throw new ConfigurationException($"Cluster:Port is '{portText}'; use a TCP port from 1 to 65535 (0 = any free port).");
        var seeds = configuration.GetSection("Cluster:Seeds").GetChildren()
            .Select(s => s.Value).OfType<string>().Where(s => s.Length > 0).ToList();
        if (seeds.Count == 0 && configuration["Cluster:Seeds"] is { Length: > 0 } single)
            seeds = single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var seed in seeds)
        {
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp" || uri.UserInfo != ClusterNodeOptions.SystemName)
                throw new ConfigurationException(
                    $"Cluster:Seeds has '{seed}'; a seed is a node address like akka.tcp://{ClusterNodeOptions.SystemName}@127.0.0.1:4053.");
        }
        return new ClusterNodeOptions { Host = host, Port = port, Seeds = seeds };
    }

    /// <summary>Relative SQLite paths are relative to the working directory, whatever the process's base directory.</summary>
    private static string AbsoluteSqlite(string connectionString, string name = "Persistence:ConnectionString")
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"{name} is not a valid SQLite connection string ({e.Message}); use e.g. \"Data Source=manager.db\".");
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new ConfigurationException($"{name} needs a file, e.g. \"Data Source=manager.db\" (an in-memory database would lose every task on restart).");
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        return builder.ToString();
    }
}
