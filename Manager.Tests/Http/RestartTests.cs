using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Microsoft.Data.Sqlite;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// One data directory, two Managers one after the other: everything the first one answered reads the same
/// from the second (except connection, last_seen and stats), and ids keep growing.
/// </summary>
public class RestartTests
{
    private sealed record Populated(
        long W1, long W2, long W3, long W4,
        long Completed, long Failed, long Rendering2, long Rendering3, long Deleted, long ExplicitQueued, long Queued, long Paused);

    /// <summary>Host 1's life: workers, tasks (some with explicit ids), claims, progress, completion, failure, delete, settings, a disabled worker.</summary>
    private static async Task<Populated> Populate(HttpClient c)
    {
        await (await c.PostJson("/settings", """{"worker_timeout_seconds":86400,"task_max_attempts":1,"default_priority":3,"blender_path":{"Linux":"/opt/blender/blender"}}"""))
            .Expect(HttpStatusCode.NoContent);
        await (await c.PatchJson("/settings/blocklist_threshold", """{"value":7}""")).Expect(HttpStatusCode.OK);

        var w1 = await c.RegisterId("render-01", "r");
        var w2 = await c.RegisterId("render-02", "r");
        var w3 = (long)(await c.Register("render-03", ["r", "gpu"], ["exec_command"]))["id"]!;
        var w4 = await c.RegisterId("render-04", "r");
        Assert.Null(await c.Poll(w4, "disabled"));

        var completed = (long)(await c.Submit(Json.BlenderSettings(1, 3), priority: 9, tags: ["r"]))["id"]!;
        var failed = (long)(await c.Submit(Json.BlenderSettings(1, 3), priority: 8, taskId: 50, tags: ["r"]))["id"]!;
        var rendering2 = (long)(await c.Submit(Json.BlenderSettings(10, 20), priority: 7, tags: ["r"]))["id"]!;
        var rendering3 = (long)(await c.Submit(ExecSettings("echo", "x"), type: "exec_command", priority: 6, tags: ["r"]))["id"]!;
        var deleted = (long)(await c.Submit(Json.BlenderSettings(1, 1), priority: 5, taskId: 60, tags: ["r"]))["id"]!;
        var explicitQueued = (long)(await c.Submit(Json.BlenderSettings(1, 2), taskId: 40, tags: ["nobody"]))["id"]!;
        var queued = (long)(await c.Submit(tags: ["nobody"]))["id"]!;
        var paused = (long)(await c.Submit(tags: ["nobody"]))["id"]!;
        Assert.True(queued > 60);

        Assert.Equal(completed, await c.Poll(w1));
        await c.PatchTask(completed, $$"""{"worker_id":{{w1}},"status":"rendering","log":"Fra:1 Mem:1M | Rendering\n"}""");
        await c.PatchTask(completed, $$"""{"worker_id":{{w1}},"log":"Fra:3 Mem:1M | Rendering\nSaved: '/out/0003.png'\n","time_cost":12.5}""");
        await c.PatchTask(completed, $$"""{"worker_id":{{w1}},"status":"completed","time_cost":13.0}""");

        Assert.Equal(failed, await c.Poll(w2));
        await c.PatchTask(failed, $$"""{"worker_id":{{w2}},"status":"failed","log":"Error: Cannot read file '/tmp/scene.blend'\n"}""");
        Assert.Equal(rendering2, await c.Poll(w2));
        await c.PatchTask(rendering2, $$"""{"worker_id":{{w2}},"status":"rendering","log":"Fra:12 Mem:1M | Sample 1/8\n","activity":"frame 12"}""");

        Assert.Equal(rendering3, await c.Poll(w3));
        await c.PatchTask(rendering3, $$"""{"worker_id":{{w3}},"frame_current":4}""");

        await (await c.DeleteAsync($"/tasks/{deleted}")).Expect(HttpStatusCode.Accepted);
        await c.PatchTask(paused, """{"status":"paused"}""");
        await c.PatchTask(queued, """{"priority":-4}""");

        return new Populated(w1, w2, w3, w4, completed, failed, rendering2, rendering3, deleted, explicitQueued, queued, paused);
    }

    private sealed record State(JsonArray Tasks, JsonObject Details, JsonObject Logs, JsonObject Workers, JsonObject Settings)
    {
        public string Json => new JsonObject
        {
            ["tasks"] = Tasks.DeepClone(), ["details"] = Details.DeepClone(), ["logs"] = Logs.DeepClone(),
            ["workers"] = Workers.DeepClone(), ["settings"] = Settings.DeepClone(),
        }.ToJsonString();
    }

    private static async Task<State> Read(HttpClient c, bool withIdleActivity = true)
    {
        var tasks = await c.GetArray("/tasks?limit=1000");
        var details = new JsonObject();
        var logs = new JsonObject();
        foreach (var t in tasks)
        {
            var id = (long)t!["id"]!;
            var d = await c.GetTask(id);
            d.Remove("log_tail");
            details[id.ToString()] = d;
            logs[id.ToString()] = await (await c.GetAsync($"/tasks/{id}/log")).Expect(HttpStatusCode.OK);
        }
        var workers = await c.GetObject("/workers");
        foreach (var (_, w) in workers)
        {
            var worker = w!.AsObject();
            worker.Remove("last_seen");
            worker.Remove("connection");
            if (!withIdleActivity && worker["current_task"] is null) worker.Remove("activity");
        }
        return new State(tasks, details, logs, workers, await c.GetObject("/settings"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("5")]
    public async Task Tasks_workers_assignments_and_settings_read_the_same_after_a_restart(string? snapshotEvery)
    {
        using var dir = new TempDirectory("manager-restart");
        var config = new Dictionary<string, string?>();
        if (snapshotEvery is not null) config["Manager:SnapshotEvery"] = snapshotEvery;

        Populated farm;
        State before;
        long maxWorkerId;
        await using (var host1 = await ManagerApp.StartAsync(dir.Path, config))
        {
            farm = await Populate(host1.Client);
            before = await Read(host1.Client, withIdleActivity: false);
            maxWorkerId = before.Workers.Max(kv => (long)kv.Value!["id"]!);
            // Snapshot saves are not awaited by the dispatcher: wait for one before stopping, or it may never land.
            if (snapshotEvery is not null)
                await Wait.Until(() => SnapshotRows(dir.Path) > 0, TimeSpan.FromSeconds(10), "a dispatcher snapshot is saved");
        }

        await using var host2 = await ManagerApp.StartAsync(dir.Path, config);
        var c = host2.Client;
        var after = await Read(c, withIdleActivity: false);
        Assert.Equal(before.Json, after.Json);

        // Spot checks, so a wrong-but-stable state cannot pass unnoticed.
        Assert.Equal(new[] { farm.ExplicitQueued, farm.Completed, farm.Failed, farm.Rendering2, farm.Rendering3, farm.Queued, farm.Paused }.Order(),
            after.Tasks.Select(t => (long)t!["id"]!));
        Assert.Equal(40, farm.ExplicitQueued);
        Assert.Equal(50, farm.Failed);
        Assert.Equal("completed", (string)after.Details[farm.Completed.ToString()]!["status"]!);
        Assert.Equal(3, (long)after.Details[farm.Completed.ToString()]!["frame_current"]!);
        Assert.Equal("failed", (string)after.Details[farm.Failed.ToString()]!["status"]!);
        Assert.Equal([farm.W2], after.Details[farm.Failed.ToString()]!["failed_by_workers"]!.AsArray().Select(w => (long)w!));
        Assert.Equal(farm.W2, (long)after.Details[farm.Rendering2.ToString()]!["worker_id"]!);
        Assert.Equal(12, (long)after.Details[farm.Rendering2.ToString()]!["frame_current"]!);
        Assert.Equal("paused", (string)after.Details[farm.Paused.ToString()]!["status"]!);
        Assert.Equal(-4, (long)after.Details[farm.Queued.ToString()]!["priority"]!);
        Assert.Equal("Fra:1 Mem:1M | Rendering\nFra:3 Mem:1M | Rendering\nSaved: '/out/0003.png'\n", (string)after.Logs[farm.Completed.ToString()]!);
        Assert.Equal("disabled", (string)after.Workers["render-04"]!["status"]!);
        Assert.Equal(farm.Rendering2, (long)after.Workers["render-02"]!["current_task"]!);
        Assert.Equal(farm.Rendering3, (long)after.Workers["render-03"]!["current_task"]!);
        Assert.Null(after.Workers["render-01"]!["current_task"]);
        Assert.Equal(["exec_command"], after.Workers["render-03"]!["supported_types"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(1, (int)after.Settings["task_max_attempts"]!);
        Assert.Equal(7, (int)after.Settings["blocklist_threshold"]!);
        Assert.Equal("/opt/blender/blender", (string)after.Settings["blender_path"]!["Linux"]!);

        // Every worker gets a fresh grace period; stats come back with the next report.
        Assert.All(await c.GetObject("/workers"), kv => Assert.Equal("online", (string)kv.Value!["connection"]!));
        Assert.Null((await c.GetObject($"/workers/{farm.W1}"))["update_frequent"]);

        // Assignments hold: holders still hold (heartbeat and updates), the disabled worker gets nothing.
        Assert.Equal(farm.Rendering2, await c.Poll(farm.W2, "rendering"));
        Assert.Equal(farm.Rendering3, await c.Poll(farm.W3, "rendering"));
        Assert.Null(await c.Poll(farm.W4));
        await c.PatchTask(farm.Rendering2, $$"""{"worker_id":{{farm.W1}},"frame_current":13}""", HttpStatusCode.Conflict);
        await c.PatchTask(farm.Rendering2, $$"""{"worker_id":{{farm.W2}},"status":"completed","log":"Fra:20\n"}""");
        Assert.Equal("Fra:12 Mem:1M | Sample 1/8\nFra:20\n", await (await c.GetAsync($"/tasks/{farm.Rendering2}/log")).Expect(HttpStatusCode.OK));

        // Ids are never reused: not the deleted one, and new ones are larger than any before.
        await (await c.PostJson("/tasks", SubmitBody(Json.BlenderSettings(1, 1), priority: 5, taskId: 60, tags: ["r"])))
            .ExpectProblem(HttpStatusCode.Conflict);
        var maxTaskId = new[] { farm.Deleted, before.Tasks.Max(t => (long)t!["id"]!) }.Max();
        var newTask = (long)(await c.Submit(tags: ["nobody"]))["id"]!;
        Assert.True(newTask > maxTaskId, $"new task id {newTask} is not above {maxTaskId}");
        Assert.Equal(3, (long)(await c.GetTask(newTask))["priority"]!); // default_priority survived and applies
        var newWorker = await c.RegisterId("render-05");
        Assert.True(newWorker > maxWorkerId, $"new worker id {newWorker} is not above {maxWorkerId}");
        Assert.Equal(farm.W1, (long)(await c.Register("render-01", ["r"], expected: HttpStatusCode.OK))["id"]!);
    }

    [Fact]
    public async Task State_survives_two_restarts_with_snapshots_and_later_events()
    {
        using var dir = new TempDirectory("manager-restart2");
        var config = new Dictionary<string, string?> { ["Manager:SnapshotEvery"] = "5" };
        string expected;
        long lastTask, w5;
        await using (var host1 = await ManagerApp.StartAsync(dir.Path, config))
            await Populate(host1.Client);

        await using (var host2 = await ManagerApp.StartAsync(dir.Path, config))
        {
            var c = host2.Client;
            // More events on top of the recovered snapshot + journal.
            w5 = await c.RegisterId("render-05", "nobody");
            for (var i = 0; i < 7; i++) lastTask = (long)(await c.Submit(tags: ["nobody"], priority: i))["id"]!;
            lastTask = (long)(await c.Submit(tags: ["nobody"], priority: 100))["id"]!;
            Assert.Equal(lastTask, await c.Poll(w5));
            await c.PatchTask(lastTask, $$"""{"worker_id":{{w5}},"frame_current":2}""");
            expected = (await Read(c, withIdleActivity: false)).Json;
        }

        await using var host3 = await ManagerApp.StartAsync(dir.Path, config);
        Assert.Equal(expected, (await Read(host3.Client, withIdleActivity: false)).Json);
        Assert.Equal(lastTask, await host3.Client.Poll(w5, "rendering"));
        Assert.True((long)(await host3.Client.Submit(tags: ["nobody"]))["id"]! > lastTask);
    }

    [Fact]
    public async Task An_idle_workers_activity_reads_the_same_after_a_restart()
    {
        using var dir = new TempDirectory("manager-restart3");
        JsonObject before;
        await using (var host1 = await ManagerApp.StartAsync(dir.Path))
        {
            await Populate(host1.Client);
            before = (await Read(host1.Client)).Workers;
        }
        await using var host2 = await ManagerApp.StartAsync(dir.Path);
        var after = (await Read(host2.Client)).Workers;
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    private static long SnapshotRows(string directory)
    {
        // Snapshots have their own file beside the journal (README, "Configuration").
        var file = Path.Combine(directory, "manager.snapshots.db");
        if (!File.Exists(file)) return 0;
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%snapshot%'";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        long rows = 0;
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            rows += (long)count.ExecuteScalar()!;
        }
        return rows;
    }
}
