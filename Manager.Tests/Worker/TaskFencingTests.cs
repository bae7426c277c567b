using System.Text.Json.Nodes;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>
/// Every task update names the worker and the assignment, and log chunks are numbered so that a
/// chunk sent again is stored once (docs/api.md, "Fencing and log chunks"). Linux only (runs /bin/sh).
/// </summary>
public sealed class TaskFencingTests : IAsyncDisposable
{
    private readonly AgentHarness _farm = new();

    private AgentHarness.RunningAgent Start(Func<WorkerOptions, WorkerOptions>? configure = null) =>
        _farm.Start(o => (configure?.Invoke(o) ?? o) with { EnrollmentToken = FakeManager.EnrollmentToken });

    private static long? Long(JsonObject update, string name) => (long?)update[name];

    [Fact]
    public async Task Every_update_carries_the_worker_and_assignment_and_chunks_are_numbered_from_one()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _farm.Manager.AddTask(1, "exec_command", "/bin/sh", "-c", "echo line-one; echo line-two; echo 'Error: boom'; exit 1");
        var agent = Start(o => o with { ChunkBytes = 16 }); // a chunk per line

        var final = await task.Final.Task.WaitAsync(AgentHarness.Bound);

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Equal(100, task.Assignment); // the fake's first assignment
        Assert.All(task.Updates, u => Assert.Equal((agent.Agent.WorkerId, 100L), (Long(u, "worker_id"), Long(u, "assignment"))));
        var chunks = task.Updates.Where(u => u["log"] is not null).ToList();
        Assert.True(chunks.Count >= 4, $"{chunks.Count} chunks");
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long?)i), chunks.Select(u => Long(u, "log_seq")));
        Assert.Same(final, chunks[^1]); // the result's error line is a chunk too
        Assert.All(task.Updates.Where(u => u["log"] is null), u => Assert.Null(u["log_seq"]));
        Assert.Equal(0, task.DuplicateChunks);
    }

    [Fact]
    public async Task A_chunk_sent_again_after_a_timeout_keeps_its_number_and_is_stored_once()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _farm.Manager.AddTask(2, "exec_command", "/bin/sh", "-c", "echo only-once");
        _farm.Manager.StallFirstChunkAnswer();
        Start(o => o with { RequestTimeout = TimeSpan.FromMilliseconds(500) });

        Assert.Equal("completed", (string?)(await task.Final.Task.WaitAsync(AgentHarness.Bound))["status"]);

        var sent = _farm.Manager.Requests.Where(r => r.Body?["log_seq"] is not null).ToList();
        var firstChunk = sent.Where(r => Long(r.Body!, "log_seq") == 1).ToList();
        Assert.Equal(2, firstChunk.Count);
        Assert.Equal((string?)firstChunk[0].Body!["log"], (string?)firstChunk[1].Body!["log"]);
        Assert.Equal(1, task.DuplicateChunks);
        var log = _farm.Manager.LogOf(2);
        Assert.Single(log.Split('\n'), l => l.StartsWith("[worker] exec_command", StringComparison.Ordinal));
        Assert.Single(log.Split('\n'), l => l == "only-once");
    }

    public ValueTask DisposeAsync() => _farm.DisposeAsync();
}
