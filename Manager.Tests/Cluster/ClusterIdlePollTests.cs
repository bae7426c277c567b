using System.Net;
using System.Net.Http.Headers;
using Akka.Cluster;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Cluster;

/// <summary>
/// The dispatcher's idleness notices cross the cluster: a node without the singletons learns that the farm is idle (and
/// answers its workers' polls itself), and that it is busy once a task is submitted through the other node, so a worker
/// polling through it gets the task.
/// </summary>
public sealed class ClusterIdlePollTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private const string Available = """{"status":"available"}""";

    [PostgresFact]
    public async Task A_node_without_the_dispatcher_follows_the_farm_from_idle_to_busy()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (a, b) = (cluster.A, cluster.B);
        await Wait.Until(() => Akka.Cluster.Cluster.Get(b.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2,
            Bound, "node b sees two members up");
        using var enrollment = new HttpClient { BaseAddress = b.Client.BaseAddress };
        enrollment.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Enrollment);
        var entry = await enrollment.Register(HttpApi.Unique("render"));
        using var worker = new HttpClient { BaseAddress = b.Client.BaseAddress };
        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)entry["token"]!);
        var workerId = (long)entry["id"]!;
        var view = b.Services.GetRequiredService<IdleFarmView>();
        // The token was issued by the token store on node a: node b's copy has it a moment later (2 s bound per request).
        await Wait.Until(async () => (await worker.PatchJson($"/workers/{workerId}", Available)).StatusCode != HttpStatusCode.Unauthorized,
            Bound, "node b knows the worker's token");

        await Wait.Until(() => view.IsIdle, Bound, "node b hears from the dispatcher on node a that the farm is idle");
        Assert.Null(await worker.Poll(workerId));

        var task = await a.Client.SubmitId();
        await Wait.Until(() => !view.IsIdle, Bound, "node b hears that the farm is busy");
        Assert.Equal(task, await worker.Poll(workerId));
    }
}
