using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Cluster;

/// <summary>Two managers on one PostgreSQL database: a task's log is one log, whichever node a chunk or a read goes to.</summary>
public sealed class ClusterLogTests
{
    [PostgresFact]
    public async Task A_chunk_sent_through_one_node_is_read_through_the_other_and_a_resend_there_is_a_repeat()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (a, b) = (cluster.A, cluster.B);

        var worker = await a.Client.RegisterId(Unique("render"));
        var task = await a.Client.SubmitId();
        Assert.Equal(task, await a.Client.Poll(worker));
        var assignment = await a.Client.Token(task);
        string Chunk(long seq, string log) => $$"""{"worker_id":{{worker}},"assignment":{{assignment}},"log_seq":{{seq}},"log":"{{log}}"}""";

        await a.Client.PatchTask(task, Chunk(1, "Fra:1 through a\\n"));
        Assert.Equal("Fra:1 through a\n", await b.Client.GetStringAsync($"/tasks/{task}/log"));

        await b.Client.PatchTask(task, Chunk(1, "Fra:1 through a\\n")); // the worker's retry went to the other node
        await b.Client.PatchTask(task, Chunk(2, "Fra:2 through b\\n"));
        Assert.Equal("Fra:1 through a\nFra:2 through b\n", await a.Client.GetStringAsync($"/tasks/{task}/log"));
        Assert.Equal("Fra:1 through a\nFra:2 through b\n", (string?)(await b.Client.GetTask(task))["log_tail"]);

        // The worker's log stream on each node: a repeat is still a repeat, and the log is one log.
        foreach (var (node, seq) in new[] { (b, 3L), (a, 4L) })
        {
            await using var stream = await Logs.LogStreamConnection.OpenAsync(node.Client.BaseAddress!, worker, TestTokens.Operator);
            await stream.SendAsync(Logs.LogStreamConnection.Chunk(task, assignment, 2, "Fra:2 through b\n"));
            await stream.SendAsync(Logs.LogStreamConnection.Chunk(task, assignment, seq, $"Fra:{seq} on a stream\n"));
            Assert.All(await stream.AcksAsync(2), ack => Assert.Equal(204, (int)ack["status"]!));
        }
        Assert.Equal("Fra:1 through a\nFra:2 through b\nFra:3 on a stream\nFra:4 on a stream\n", await a.Client.GetStringAsync($"/tasks/{task}/log"));
        Assert.Equal(4, (long)(await b.Client.GetTask(task))["frame_current"]!);
    }
}
