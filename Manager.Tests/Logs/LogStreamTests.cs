using System.Net;
using System.Net.WebSockets;
using Manager.Tests.Support;
using static Manager.Tests.Logs.LogStreamConnection;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Logs;

/// <summary>
/// A worker's log stream (GET /workers/{id}/log-stream) on a real manager: the rules of a chunk sent with PATCH /tasks/{id}
/// (holder only, stored once, progress taken, acknowledged once durable), without a request per chunk.
/// </summary>
public sealed class LogStreamTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;
    private Uri Manager => fixture.App.BaseAddress;

    private async Task<(long Worker, string Token, long Task, long Assignment)> WorkerHoldingATask()
    {
        // A tag of its own, so that the task this worker claims is the one just submitted (not one another test left queued).
        var tag = Unique("stream");
        var registered = await Client.Register(Unique("render"), tags: [tag]);
        var worker = (long)registered["id"]!;
        var task = (long)(await Client.Submit(tags: [tag], priority: 100))["id"]!;
        Assert.Equal(task, await Client.Poll(worker));
        return (worker, (string)registered["token"]!, task, await Client.Token(task));
    }

    [Fact]
    public async Task Chunks_sent_without_waiting_are_acknowledged_stored_in_order_once_and_their_progress_taken()
    {
        var (worker, token, task, assignment) = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, worker, token);

        await stream.SendAsync(Chunk(task, assignment, 1, "Fra:1 Mem:1M | Sample 1/4\n"));
        await stream.SendAsync(Chunk(task, assignment, 2, "Fra:2 Mem:1M | Sample 1/4\n"));
        await stream.SendAsync(Chunk(task, assignment, 2, "Fra:2 Mem:1M | Sample 1/4\n")); // as if its acknowledgement was lost
        await stream.SendAsync(Chunk(task, null, 3, "Fra:3 Mem:1M | Sample 1/4")); // the current assignment; a line break added
        var acks = await stream.AcksAsync(4);

        Assert.All(acks, a => Assert.Equal((task, 204), ((long)a["task_id"]!, (int)a["status"]!)));
        Assert.Equal([1L, 2, 2, 3], acks.Select(a => (long)a["log_seq"]!).Order());
        Assert.Equal("Fra:1 Mem:1M | Sample 1/4\nFra:2 Mem:1M | Sample 1/4\nFra:3 Mem:1M | Sample 1/4\n",
            await Client.GetStringAsync($"/tasks/{task}/log"));
        Assert.Equal(3, (long)(await Client.GetTask(task))["frame_current"]!);

        // The node's metrics: this stream open, its four messages counted.
        var metrics = await Client.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^manager_log_streams(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^manager_log_stream_messages_total(\{[^}]*\})? ([4-9]|[1-9][0-9]+)", metrics);
    }

    [Fact]
    public async Task A_chunk_for_a_task_the_worker_does_not_hold_is_acknowledged_409_and_not_stored()
    {
        var holder = await WorkerHoldingATask();
        var other = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, other.Worker, other.Token);

        await stream.SendAsync(Chunk(holder.Task, holder.Assignment, 1, "not the holder\n"));
        await stream.SendAsync(Chunk(other.Task, other.Assignment + 1, 1, "not this assignment\n"));
        await stream.SendAsync(Chunk(long.MaxValue / 1024, null, 1, "no such task\n"));
        var acks = (await stream.AcksAsync(3)).ToDictionary(a => (long)a["task_id"]!);

        Assert.Equal(409, (int)acks[holder.Task]["status"]!);
        Assert.Equal(409, (int)acks[other.Task]["status"]!);
        Assert.Equal(404, (int)acks[long.MaxValue / 1024]["status"]!);
        Assert.Contains("worker", (string)acks[holder.Task]["detail"]!);
        Assert.Equal("", await Client.GetStringAsync($"/tasks/{holder.Task}/log"));
        Assert.Equal("", await Client.GetStringAsync($"/tasks/{other.Task}/log"));
    }

    [Fact]
    public async Task A_message_that_is_not_a_chunk_is_acknowledged_422_and_the_stream_goes_on()
    {
        var (worker, token, task, assignment) = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, worker, token);

        await stream.SendAsync("not json");
        await stream.SendAsync($$"""{"task_id":{{task}},"log":"no log_seq"}""");
        await stream.SendAsync(Chunk(task, assignment, 1, "kept\n"));
        var acks = await stream.AcksAsync(3);

        Assert.Equal(2, acks.Count(a => (int)a["status"]! == 422));
        Assert.Contains(acks, a => (string?)a["detail"] is { } d && d.Contains("log_seq is required"));
        Assert.Contains(acks, a => (int)a["status"]! == 204 && (long?)a["log_seq"] == 1);
        Assert.Equal("kept\n", await Client.GetStringAsync($"/tasks/{task}/log"));
    }

    [Fact]
    public async Task Only_the_worker_itself_opens_its_stream_and_only_as_a_WebSocket()
    {
        var (worker, token, _, _) = await WorkerHoldingATask();
        var (_, otherToken, _, _) = await WorkerHoldingATask();

        Assert.Equal(401, await RefusedUpgradeStatusAsync(Manager, worker, null));
        Assert.Equal(403, await RefusedUpgradeStatusAsync(Manager, worker, otherToken));
        using var plain = new HttpClient { BaseAddress = Manager }.Authorize(token);
        await (await plain.GetAsync($"/workers/{worker}/log-stream")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Removing_the_worker_revokes_its_token_and_closes_its_stream_at_the_next_message()
    {
        var (worker, token, task, assignment) = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, worker, token);
        await stream.SendAsync(Chunk(task, assignment, 1, "before\n"));
        Assert.Equal(204, (int)(await stream.AcksAsync(1))[0]["status"]!);

        await (await Client.DeleteAsync($"/workers/{worker}")).Expect(HttpStatusCode.NoContent);
        await stream.SendAsync(Chunk(task, assignment, 2, "after\n"));

        Assert.Null(await stream.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, stream.CloseStatus);
        Assert.Equal("before\n", await Client.GetStringAsync($"/tasks/{task}/log"));
    }

    [Fact]
    public async Task A_message_larger_than_a_request_body_may_be_closes_the_stream()
    {
        var (worker, token, task, assignment) = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, worker, token);

        await stream.SendAsync(Chunk(task, assignment, 1, new string('x', 1024 * 1024 + 1)));

        Assert.Null(await stream.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, stream.CloseStatus);
        Assert.Contains("MaxRequestBodyBytes", stream.CloseStatusDescription);
    }

    [Fact]
    public async Task A_chunk_that_cannot_be_stored_is_acknowledged_503_and_stored_once_when_sent_again()
    {
        var (worker, token, task, assignment) = await WorkerHoldingATask();
        await using var stream = await OpenAsync(Manager, worker, token);

        await Sql($"CREATE TRIGGER fail_stream_{task} BEFORE INSERT ON task_log_chunks WHEN NEW.task_id = {task} BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;");
        await stream.SendAsync(Chunk(task, assignment, 1, "Fra:4 Mem:1M | Sample 1/4\n"));
        var failed = (await stream.AcksAsync(1))[0];
        Assert.Equal(503, (int)failed["status"]!);
        Assert.Contains("send it again", (string)failed["detail"]!);
        Assert.Equal("", await Client.GetStringAsync($"/tasks/{task}/log"));

        await Sql($"DROP TRIGGER fail_stream_{task};");
        await stream.SendAsync(Chunk(task, assignment, 1, "Fra:4 Mem:1M | Sample 1/4\n"));
        await stream.SendAsync(Chunk(task, assignment, 1, "Fra:4 Mem:1M | Sample 1/4\n"));
        Assert.All(await stream.AcksAsync(2), a => Assert.Equal(204, (int)a["status"]!));
        Assert.Equal("Fra:4 Mem:1M | Sample 1/4\n", await Client.GetStringAsync($"/tasks/{task}/log"));
    }

    /// <summary>
    /// The manager as its own process, SIGKILLed right after the acknowledgements of chunks sent on four streams at once:
    /// after the restart every acknowledged chunk is there, once.
    /// </summary>
    [Fact]
    public async Task Every_chunk_acknowledged_is_there_after_the_manager_process_is_killed()
    {
        using var dir = new TempDirectory("manager-log-stream-crash");
        using var manager = ManagerProcesses.OnSqlite(dir.Path);
        await manager.StartAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }.Authorize(TestTokens.Operator);

        var holders = new List<(long Worker, string Token, long Task)>();
        for (var i = 0; i < 4; i++)
        {
            var registered = await http.Register(Unique("render"));
            var task = await http.SubmitId();
            Assert.Equal(task, await http.Poll((long)registered["id"]!));
            holders.Add(((long)registered["id"]!, (string)registered["token"]!, task));
        }
        await Task.WhenAll(holders.Select(async h =>
        {
            await using var stream = await OpenAsync(manager.BaseAddress, h.Worker, h.Token);
            for (var seq = 1; seq <= 25; seq++) await stream.SendAsync(Chunk(h.Task, null, seq, $"task {h.Task} line {seq}\n"));
            Assert.All(await stream.AcksAsync(25), a => Assert.Equal(204, (int)a["status"]!));
        }));

        manager.Kill();
        await manager.StartAsync(TimeSpan.FromSeconds(30));

        foreach (var h in holders)
            Assert.Equal(string.Concat(Enumerable.Range(1, 25).Select(seq => $"task {h.Task} line {seq}\n")),
                await http.GetStringAsync($"/tasks/{h.Task}/log"));
    }

    private Task Sql(string statement) => fixture.App.ExecuteSqlAsync(statement);
}
