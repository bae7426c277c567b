using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Cluster;

/// <summary>
/// One Manager (the real Program.cs on a Kestrel loopback port) running as a cluster node, configured only through the
/// operator-facing names: Cluster:Enabled/Host/Port/Seeds, Persistence:Provider/ConnectionString, Manager:HoconFile.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ManagerFactory _factory;
    private bool _disposed;

    private ClusterNode(ManagerFactory factory, string name, int port)
    {
        _factory = factory;
        Name = name;
        Port = port;
        Client = factory.CreateClient();
        Client.Timeout = TimeSpan.FromSeconds(20);
    }

    public string Name { get; }

    /// <summary>The Akka remoting port.</summary>
    public int Port { get; }

    public string Address => $"akka.tcp://manager@127.0.0.1:{Port}";

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public ActorSystem System => Services.GetRequiredService<ActorSystem>();

    /// <summary>Starts the node; <paramref name="waitUntilReady"/> waits until /readyz is 200 (member Up, journal reachable).</summary>
    public static async Task<ClusterNode> StartAsync(string name, int port, string seed, string connectionString, string hoconFile,
        bool waitUntilReady = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Enabled"] = "true",
            ["Cluster:Host"] = "127.0.0.1",
            ["Cluster:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Cluster:Seeds:0"] = seed,
            ["Persistence:Provider"] = "postgresql",
            ["Persistence:ConnectionString"] = connectionString,
            ["Manager:HoconFile"] = hoconFile,
            ["Manager:AskTimeoutSeconds"] = "5",
        };
        var factory = ManagerFactory.Start(settings);
        var node = new ClusterNode(factory, name, port);
        if (waitUntilReady) await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(40));
        return node;
    }

    public Task WaitUntilReadyAsync(TimeSpan bound) => ManagerFactory.WaitUntilReadyAsync(Client, bound, $"node {Name}");

    /// <summary>A crash: the ActorSystem stops at once, without leaving the cluster or handing anything over.</summary>
    public void Abort() => ((ExtendedActorSystem)System).Abort();

    /// <summary>Whether the worker's proxy runs on this node (its shard is here).</summary>
    public async Task<bool> HostsProxyOf(long workerId)
    {
        var region = Services.GetRequiredService<Akka.Hosting.ActorRegistry>().Get<Manager.Actors.Hosting.ActorKeys.Workers>();
        var state = await region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance,
            TimeSpan.FromSeconds(5));
        return state.Shards.Any(shard => shard.EntityIds.Contains(workerId.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Graceful stop (what SIGTERM does): the host stops, coordinated shutdown leaves the cluster and hands over.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Client.Dispose();
        await _factory.DisposeAsync();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
