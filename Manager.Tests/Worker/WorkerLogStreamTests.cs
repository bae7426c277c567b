using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Manager.Tests.EndToEnd;

namespace Manager.Tests.Worker;

/// <summary>The reference worker's output on its log stream to the real manager (a real Kestrel, a real WebSocket).</summary>
public sealed class WorkerLogStreamTests
{
    [Fact]
    public async Task A_task_s_output_goes_on_the_log_stream_in_order_and_once()
    {
        if (!OperatingSystem.IsLinux())
            return;
        await using var farm = await RealFarm.StartAsync();
        var agent = farm.StartWorker("render-stream", "blender", o => o with { Allow = ["/bin/sh"], ChunkInterval = TimeSpan.FromMilliseconds(20), ChunkBytes = 512 });
        // 400 lines over about half a second: many chunks, several of them in flight while the worker keeps reading.
        var task = (long)(await farm.Send(HttpMethod.Post, "/tasks", new
        {
            type = "exec_command",
            settings = JsonSerializer.Serialize(new { argv = new[] { "/bin/sh", "-c", "for i in $(seq 1 400); do echo \"line $i\"; [ $((i % 50)) -eq 0 ] && sleep 0.05; done; true" } }),
        }, HttpStatusCode.Accepted))["id"]!;

        await farm.Until("the task completed", TimeSpan.FromSeconds(30), async () =>
        {
            var seen = (JsonObject)await farm.GetJson($"/tasks/{task}");
            return ((string?)seen["status"] == "completed" ? seen : null, seen.ToJsonString());
        });

        var lines = (await farm.GetText($"/tasks/{task}/log")).Split('\n').Where(l => l.StartsWith("line ")).ToList();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => $"line {i}"), lines);
        Assert.True(agent.LogStream.Acknowledged >= 2, $"{agent.LogStream.Acknowledged} chunk(s) acknowledged on the stream:\n{farm.EventLog}");
        Assert.DoesNotContain("log stream could not be opened", farm.EventLog);
    }
}
