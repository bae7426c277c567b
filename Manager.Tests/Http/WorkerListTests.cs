using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// GET /workers answers from the worker directory (the read model the proxies keep up to date), not by asking each
/// proxy: it shows each change a worker goes through as soon as the request that made it was answered.
/// </summary>
public class WorkerListTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Get_workers_shows_registration_the_switch_a_held_task_silence_and_removal()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await (await c.PatchJson("/settings/worker_timeout_seconds", """{"value":2}""")).Expect(HttpStatusCode.OK);

        var hostname = Unique("listed");
        var id = (long)(await c.Register(hostname, tags: ["gpu"]))["id"]!;
        var entry = await Entry(c, hostname);
        Assert.Equal((id, "enabled", "online", "available"), ((long)entry["id"]!, (string)entry["status"]!, (string)entry["connection"]!, (string?)entry["activity"]));
        Assert.Equal(["gpu"], entry["tags"]!.AsArray().Select(t => (string)t!));
        Assert.NotNull(entry["last_seen"]);

        await (await c.PatchJson($"/workers/{id}", """{"status":"disabled"}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("disabled", (string)(await Entry(c, hostname))["status"]!);
        await (await c.PatchJson($"/workers/{id}", """{"status":"enabled"}""")).Expect(HttpStatusCode.OK);
        Assert.Equal("enabled", (string)(await Entry(c, hostname))["status"]!);

        var task = (long)(await c.Submit())["id"]!;
        Assert.Equal(task, await c.Poll(id));
        entry = await Entry(c, hostname);
        Assert.Equal(task, (long?)entry["current_task"]);
        Assert.Equal((string?)(await c.GetTask(task))["activity"], (string?)entry["activity"]);

        // Silent past the timeout: offline, and its task went back to the queue.
        await Wait.Until(async () => (string)(await Entry(c, hostname))["connection"]! == "offline",
            Timeout + TimeSpan.FromSeconds(5), "the silent worker is shown offline");
        await Wait.Until(async () => (await Entry(c, hostname))["current_task"] is null, TimeSpan.FromSeconds(5), "its task is no longer shown");
        entry = await Entry(c, hostname);
        Assert.Null((string?)entry["activity"]);

        Assert.Equal(task, await c.Poll(id)); // heard again: online at once, holding the requeued task
        entry = await Entry(c, hostname);
        Assert.Equal(("online", task), ((string)entry["connection"]!, (long?)entry["current_task"]));

        await (await c.DeleteAsync($"/workers/{id}")).Expect(HttpStatusCode.NoContent);
        Assert.False((await c.GetObject("/workers")).ContainsKey(hostname));
    }

    private static async Task<JsonObject> Entry(HttpClient c, string hostname) =>
        Assert.IsType<JsonObject>((await c.GetObject("/workers"))[hostname]);
}
