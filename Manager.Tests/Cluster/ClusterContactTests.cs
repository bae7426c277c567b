using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Akka.Cluster;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Cluster;

/// <summary>
/// A worker's requests count as contact wherever they arrive: a worker that talks only to node b, whose proxy runs on
/// node a and whose polls node b answers itself (an idle farm: nothing reaches the dispatcher or the proxy), stays online
/// and its last_seen moves — the nodes share their contacts; silent, it goes offline; heard again, it is back online
/// at once (its proxy watches for the next contact on any node).
/// </summary>
public sealed class ClusterContactTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private const string Available = """{"status":"available"}""";

    [PostgresFact]
    public async Task A_worker_heard_only_on_another_node_than_its_proxy_s_stays_online_and_comes_back_when_heard_again()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (a, b) = (cluster.A, cluster.B);
        await Wait.Until(() => Akka.Cluster.Cluster.Get(b.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2,
            Bound, "node b sees two members up");
        Assert.Equal(HttpStatusCode.OK, (await a.Client.PatchJson("/settings/worker_timeout_seconds", $$"""{"value":{{(int)Timeout.TotalSeconds}}}""")).StatusCode);
        await Wait.Until(() => new[] { a, b }.All(n => n.Services.GetRequiredService<CurrentSettings>().Value.WorkerTimeout == Timeout),
            Bound, "the short worker timeout on both nodes");
        var enrolled = await EnrollWorkerWithProxyOn(a, through: b);
        using var worker = enrolled.Client;
        var workerId = enrolled.Id;
        await Wait.Until(async () => (await worker.PatchJson($"/workers/{workerId}", Available)).StatusCode != HttpStatusCode.Unauthorized,
            Bound, "node b knows the worker's token");
        var idle = b.Services.GetRequiredService<IdleFarmView>();
        await Wait.Until(() => idle.IsIdle, Bound, "node b answers polls itself (the farm is idle)");

        // Three timeouts of polls through node b only, four a second.
        var until = DateTimeOffset.UtcNow + 3 * Timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            Assert.Null(await worker.Poll(workerId));
            await Task.Delay(Timeout / 8); // the worker's poll interval, not a wait for the manager
        }
        var listed = await Listed(a, workerId);
        Assert.Equal("online", (string?)listed["connection"]);
        var lastSeen = DateTimeOffset.Parse((string)listed["last_seen"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow - lastSeen < Timeout, $"last_seen {lastSeen:O} is older than the last polls");

        await Wait.Until(async () => (string?)(await Listed(a, workerId))["connection"] == "offline", Timeout + Bound,
            "the worker, silent now, goes offline");
        Assert.Null(await worker.Poll(workerId));
        await Wait.Until(async () => (string?)(await Listed(a, workerId))["connection"] == "online", Timeout,
            "one poll through node b brings it back online within the timeout");
    }

    /// <summary>Enrolls workers through <paramref name="through"/> until one's proxy runs on <paramref name="proxyNode"/>; its id and a client with its token.</summary>
    private static async Task<(long Id, HttpClient Client)> EnrollWorkerWithProxyOn(ClusterNode proxyNode, ClusterNode through)
    {
        using var enrollment = new HttpClient { BaseAddress = through.Client.BaseAddress };
        enrollment.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Enrollment);
        for (var i = 0; i < 30; i++)
        {
            var entry = await enrollment.Register(HttpApi.Unique("render"));
            var id = (long)entry["id"]!;
            if (!await proxyNode.HostsProxyOf(id)) continue;
            var worker = new HttpClient { BaseAddress = through.Client.BaseAddress };
            worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)entry["token"]!);
            return (id, worker);
        }
        throw new InvalidOperationException($"none of 30 workers got a proxy on node {proxyNode.Name}");
    }

    private static async Task<JsonObject> Listed(ClusterNode node, long workerId)
    {
        var all = (JsonObject)await (await node.Client.GetAsync("/workers")).ExpectJson(HttpStatusCode.OK); // by host name
        return (JsonObject)all.Single(w => (long)w.Value!["id"]! == workerId).Value!;
    }
}
