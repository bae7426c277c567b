using Manager.Tests.Support;

namespace Manager.Tests.Cluster;

/// <summary>
/// Two managers on one fresh PostgreSQL database, joined as a cluster (node a is the seed): what the tests of what every
/// node must see alike (task logs, last frames, the event stream) start with.
/// </summary>
public sealed class TwoNodeCluster : IAsyncDisposable
{
    /// <summary>Quiet logs and a quick failure detector.</summary>
    public const string QuickHocon = """
        akka {
          loglevel = WARNING
          cluster.failure-detector.heartbeat-interval = 300ms
        }
        """;

    private readonly TempDirectory _dir;
    private readonly TestDatabase _db;

    private TwoNodeCluster(TempDirectory dir, TestDatabase db, ClusterNode a, ClusterNode b)
    {
        _dir = dir;
        _db = db;
        A = a;
        B = b;
    }

    public ClusterNode A { get; }

    public ClusterNode B { get; }

    public static async Task<TwoNodeCluster> StartAsync(string hocon = QuickHocon)
    {
        var dir = new TempDirectory();
        var hoconFile = Path.Combine(dir.Path, "test.hocon");
        await File.WriteAllTextAsync(hoconFile, hocon);
        var db = await TestDatabase.CreateAsync();
        var ports = new[] { ClusterNode.FreePort(), ClusterNode.FreePort() }.Order().ToArray();
        var seed = $"akka.tcp://manager@127.0.0.1:{ports[0]}";
        var a = await ClusterNode.StartAsync("a", ports[0], seed, db.ConnectionString, hoconFile);
        var b = await ClusterNode.StartAsync("b", ports[1], seed, db.ConnectionString, hoconFile);
        return new TwoNodeCluster(dir, db, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _db.DisposeAsync();
        _dir.Dispose();
    }
}
