using Akka.Cluster;
using Manager.Tests.Events;
using Manager.Tests.Support;

namespace Manager.Tests.Cluster;

/// <summary>
/// GET /events through a node that hosts no singleton: the dispatcher's and the worker directory's batches reach it over the
/// cluster's pub-sub topic; an event id of one node is a resync on the other (docs/api.md, "Live events").
/// </summary>
public sealed class ClusterEventStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [PostgresFact]
    public async Task A_node_without_the_singletons_streams_the_farm_s_changes()
    {
        await using var cluster = await TwoNodeCluster.StartAsync("akka.loglevel = WARNING");
        var (a, b) = (cluster.A, cluster.B);
        await Wait.Until(() => Akka.Cluster.Cluster.Get(b.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2,
            Bound, "node b sees two members up");

        await using var events = await ServerSentEvents.OpenAsync(b.Client);
        var resync = await events.NextAsync(Bound);
        Assert.Equal("resync", resync.Name);

        // Node b's subscription to the topic reaches node a by gossip, a moment after b started: until then a's batches
        // are not sent to b. A worker registered through a is awaited on b's stream, registering another each second
        // (bounded) until one arrives: from then on the topic reaches b.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long workerId;
        while (true)
        {
            var hostname = HttpApi.Unique("render");
            workerId = await a.Client.RegisterId(hostname);
            var registered = workerId;
            try
            {
                await events.UntilAsync(e => EventStreamTests.WorkerIn(e, registered) is { } w && (string?)w["hostname"] == hostname,
                    TimeSpan.FromSeconds(1), "the worker registered through node a, on node b's stream");
                break;
            }
            catch (TimeoutException) when (clock.Elapsed < Bound)
            {
            }
        }
        var taskId = await a.Client.SubmitId();
        Assert.Equal(taskId, await a.Client.Poll(workerId));
        await events.UntilAsync(e => EventStreamTests.TaskIn(e, taskId) is { } t && (string?)t["status"] == "rendering", Bound,
            "the claim made through node a, on node b's stream");

        await using var elsewhere = await ServerSentEvents.OpenAsync(a.Client, resync.Id);
        Assert.Equal("resync", (await elsewhere.NextAsync(Bound)).Name);
    }
}
