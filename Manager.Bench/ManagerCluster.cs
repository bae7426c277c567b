using System.Net;
using Npgsql;

namespace Manager.Bench;

/// <summary>How a cluster of manager processes is started.</summary>
/// <param name="ManagerDll">The Manager.Http.dll every node runs.</param>
/// <param name="Postgres">A connection string to a PostgreSQL server whose role may create databases; each cluster creates a
/// database of its own on that server and drops it when disposed.</param>
/// <param name="HoconFile">An operator's HOCON file (Manager:HoconFile) over the shipped hocon/cluster.hocon, or null: the shipped settings.</param>
/// <param name="ExtraArgs">More arguments for every node (not the tokens nor the rate limit: the cluster sets those).</param>
/// <param name="OperatorToken">Every node's operator token (Auth:OperatorToken); null: a new one.</param>
/// <param name="Keep">Keep the nodes' directories (their manager.log) after disposal.</param>
public sealed record ClusterOptions(string ManagerDll, string Postgres, string? HoconFile = null, IReadOnlyList<string>? ExtraArgs = null,
    IReadOnlyList<KeyValuePair<string, string>>? Environment = null, bool Keep = false, string? OperatorToken = null)
{
    /// <summary>scripts/test.sh's test server (its role may create databases).</summary>
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=manager;Password=manager;Database=manager_test";

    /// <summary><paramref name="given"/> (--postgres), else MANAGER_TEST_POSTGRES (what scripts/test.sh gives the tests), else <see cref="DefaultPostgres"/>.</summary>
    public static string PostgresFrom(string? given) =>
        given ?? (System.Environment.GetEnvironmentVariable("MANAGER_TEST_POSTGRES") is { Length: > 0 } env ? env : DefaultPostgres);
}

/// <summary>
/// Real manager processes (Manager.Http.dll, as an operator starts them: Cluster:*, Persistence:Provider=postgresql) forming
/// one cluster on a fresh PostgreSQL database, every node with the same operator and enrollment tokens. The nodes are
/// started one after the other, each ready (/readyz 200) before the next: <see cref="Nodes"/>[0] (the seed, the lowest
/// remoting port) is the oldest and hosts the singletons (dispatcher, registry, settings, tokens, directory, shard coordinator).
/// Disposal SIGKILLs every node still running, drops the database and deletes the directories (unless kept).
/// Used by the bench scenarios <c>failover</c> and <c>cluster</c>, and through them by the tests.
/// </summary>
public sealed class ManagerCluster : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly string _database;
    private readonly List<ManagerProcess> _nodes = [];
    private bool _created;

    private ManagerCluster(ClusterOptions options, string directory, string database)
    {
        _options = options;
        Directory = directory;
        _database = database;
        OperatorToken = options.OperatorToken ?? Manager.Actors.Tokens.TokenSecrets.NewSecret();
    }

    /// <summary>In start order: the first is the oldest (the singletons' node).</summary>
    public IReadOnlyList<ManagerProcess> Nodes => _nodes;

    public ManagerProcess Oldest => _nodes[0];

    public ManagerProcess Youngest => _nodes[^1];

    /// <summary>Each node's HTTP address, in start order.</summary>
    public IReadOnlyList<Uri> BaseAddresses => _nodes.Select(n => n.BaseAddress).ToList();

    public string OperatorToken { get; }

    public string EnrollmentToken { get; } = Manager.Actors.Tokens.TokenSecrets.NewSecret();

    /// <summary>Holds a directory per node (a, b, c, ...) with its manager.log.</summary>
    public string Directory { get; }

    /// <summary>Node names in start order: a is the oldest.</summary>
    public static string NodeName(int index) => ((char)('a' + index)).ToString();

    /// <summary>Creates the database and starts <paramref name="count"/> nodes, each ready before the next; prints a line per node.</summary>
    public static async Task<ManagerCluster> StartAsync(ClusterOptions options, TextWriter output, int count = 3)
    {
        var dir = Path.Combine(Path.GetTempPath(), "manager-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var cluster = new ManagerCluster(options, dir, $"manager_cluster_{Guid.NewGuid():N}");
        try
        {
            await AdminAsync(options.Postgres, $"CREATE DATABASE \"{cluster._database}\"");
            cluster._created = true;
            await cluster.StartNodesAsync(count, output);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartNodesAsync(int count, TextWriter output)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_options.Postgres) { Database = _database }.ConnectionString;
        // Ascending remoting ports, started in order: node a (the seed, the lowest address) is the oldest and hosts the singletons.
        var ports = new SortedSet<int>();
        while (ports.Count < count) ports.Add(FreePort());
        var seed = $"akka.tcp://manager@127.0.0.1:{ports.Min}";
        foreach (var (port, index) in ports.Select((p, i) => (p, i)))
        {
            var name = NodeName(index);
            var nodeDir = Path.Combine(Directory, name);
            System.IO.Directory.CreateDirectory(nodeDir);
            var args = new List<string>
            {
                "--Persistence:Provider=postgresql", $"--Persistence:LogDirectory={Path.Combine(nodeDir, "logs")}",
                "--Cluster:Enabled=true", "--Cluster:Host=127.0.0.1", $"--Cluster:Port={port}", $"--Cluster:Seeds:0={seed}",
                $"--Auth:OperatorToken={OperatorToken}", $"--Auth:EnrollmentToken={EnrollmentToken}", "--RateLimit:SubmissionsPerSecond=0",
            };
            if (_options.HoconFile is { } hocon) args.Add($"--Manager:HoconFile={Path.GetFullPath(hocon)}");
            args.AddRange(_options.ExtraArgs ?? []);
            var node = new ManagerProcess(_options.ManagerDll, Path.Combine(nodeDir, "manager.db"), args, _options.Environment, connectionString);
            _nodes.Add(node);
            var ready = await node.StartAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"  node {name}: pid {node.Pid}, remoting port {port}, HTTP {node.BaseAddress}, ready after {ready.TotalSeconds:F1} s");
        }
    }

    /// <summary>SIGKILLs the nodes still running, drops the database (with its connections), deletes the directories unless kept.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) node.Kill();
        NpgsqlConnection.ClearAllPools();
        if (_created)
            try { await AdminAsync(_options.Postgres, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)"); }
            catch (NpgsqlException e) { Console.Error.WriteLine($"could not drop database {_database}: {e.Message}"); }
        if (!_options.Keep)
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
