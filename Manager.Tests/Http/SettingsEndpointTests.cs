using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>GET/POST /settings and GET/PATCH /settings/{name}, each test on a fresh Manager (settings are global).</summary>
public class SettingsEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-settings");
    private ManagerApp _app = null!;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync() => _app = await ManagerApp.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Defaults_then_post_settings_sets_several_at_once_and_they_take_effect()
    {
        var defaults = await Client.GetObject("/settings");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"worker_timeout_seconds":30,"task_max_attempts":3,"blocklist_threshold":3,"default_priority":0,"blender_path":{},
             "job_fail_percent":10}
            """), defaults), defaults.ToJsonString());

        var changed = await Client.PostJson("/settings",
            """{"default_priority":7,"task_max_attempts":5,"blender_path":{"Linux":"/opt/blender/blender","Windows":"C:\\Blender\\blender.exe"}}""");
        Assert.Equal("", await changed.Expect(HttpStatusCode.NoContent));

        var after = await Client.GetObject("/settings");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"worker_timeout_seconds":30,"task_max_attempts":5,"blocklist_threshold":3,"default_priority":7,
             "blender_path":{"Linux":"/opt/blender/blender","Windows":"C:\\Blender\\blender.exe"},"job_fail_percent":10}
            """), after), after.ToJsonString());

        // default_priority takes effect at once for a task without a priority.
        Assert.Equal(7, (long)(await Client.Submit())["priority"]!);
    }

    [Fact]
    public async Task Get_and_patch_one_setting()
    {
        var one = await Client.GetObject("/settings/worker_timeout_seconds");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"worker_timeout_seconds","value":30}"""), one), one.ToJsonString());

        var patched = await (await Client.PatchJson("/settings/worker_timeout_seconds", """{"value":86400}""")).ExpectJson(HttpStatusCode.OK);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"worker_timeout_seconds","value":86400}"""), patched), patched.ToJsonString());
        Assert.Equal(86400, (int)(await Client.GetObject("/settings"))["worker_timeout_seconds"]!);

        var path = await (await Client.PatchJson("/settings/blender_path", """{"value":{"Darwin":"/Applications/Blender.app/Contents/MacOS/Blender"}}"""))
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal("/Applications/Blender.app/Contents/MacOS/Blender", (string)path["value"]!["Darwin"]!);
        Assert.Equal("blender_path", (string)path["name"]!);

        foreach (var (name, value) in new[] { ("task_max_attempts", "1"), ("task_max_attempts", "100"), ("blocklist_threshold", "1"),
                     ("default_priority", "-2147483648"), ("default_priority", "2147483647"), ("worker_timeout_seconds", "1") })
        {
            var answer = await (await Client.PatchJson($"/settings/{name}", $$"""{"value":{{value}}}""")).ExpectJson(HttpStatusCode.OK);
            Assert.Equal(long.Parse(value), (long)answer["value"]!);
            Assert.Equal(long.Parse(value), (long)(await Client.GetObject($"/settings/{name}"))["value"]!);
        }
    }

    [Fact]
    public async Task Task_max_attempts_takes_effect_at_once()
    {
        await (await Client.PatchJson("/settings/task_max_attempts", """{"value":1}""")).ExpectJson(HttpStatusCode.OK);
        var worker = await Client.RegisterId("render-01");
        var task = await Client.SubmitId([]);
        Assert.Equal(task, await Client.Poll(worker));
        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"failed","log":"Error: out of memory"}""");

        var failed = await Client.GetTask(task);
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal(worker, (long)failed["worker_id"]!);
        Assert.Equal([worker], failed["failed_by_workers"]!.AsArray().Select(w => (long)w!));
    }
}
