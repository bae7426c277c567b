using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// A Manager with a task in every state: a rendering one ({held}, held by {holder}), a queued, a paused,
/// a canceled ({canceled}, last held by {other}), a completed one (by {other}), a deleted id and an
/// explicit task_id ({explicit}). Errors must never change any of it.
/// </summary>
public sealed class ErrorStateFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-errors");

    public ManagerApp App { get; private set; } = null!;

    public Dictionary<string, string> Ids { get; } = new();

    public async Task InitializeAsync()
    {
        App = await ManagerApp.StartAsync(_dir.Path);
        var c = App.Client;
        // No worker goes offline (and hands its task back) while the class runs.
        await (await c.PatchJson("/settings/worker_timeout_seconds", """{"value":86400}""")).Expect(HttpStatusCode.OK);

        var holder = await c.RegisterId("holder-01", "fx");
        var other = await c.RegisterId("other-01", "fx");
        var held = await c.SubmitId(["fx"], priority: 10);
        var canceled = await c.SubmitId(["fx"], priority: 5);
        var completed = await c.SubmitId(["fx"], priority: 4);
        var queued = await c.SubmitId(["nobody"]);
        var paused = await c.SubmitId(["nobody"]);
        var deleted = await c.SubmitId(["nobody"]);
        var explicitId = (long)(await c.Submit(Json.BlenderSettings(1, 2), priority: 1, taskId: 1000, tags: ["nobody"]))["id"]!;

        Assert.Equal(held, await c.Poll(holder));
        Assert.Equal(canceled, await c.Poll(other));
        await c.PatchTask(canceled, """{"status":"canceled"}""");
        Assert.Equal(completed, await c.Poll(other));
        await c.PatchTask(completed, $$"""{"worker_id":{{other}},"status":"completed","log":"Fra:1\n"}""");
        await c.PatchTask(held, $$"""{"worker_id":{{holder}},"status":"rendering","log":"Fra:1 Mem:1M\n"}""");
        await c.PatchTask(paused, """{"status":"paused"}""");
        await (await c.DeleteAsync($"/tasks/{deleted}")).Expect(HttpStatusCode.Accepted);

        foreach (var (key, value) in new[] { ("holder", holder), ("other", other), ("held", held), ("canceled", canceled),
                     ("completed", completed), ("queued", queued), ("paused", paused), ("deleted", deleted), ("explicit", explicitId) })
            Ids[key] = value.ToString();
    }

    public string Fill(string template)
    {
        foreach (var (key, value) in Ids) template = template.Replace("{" + key + "}", value);
        return template;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _dir.Dispose();
    }
}

public class ErrorTests(ErrorStateFixture fixture) : IClassFixture<ErrorStateFixture>
{
    private const string Json = "application/json";
    private const string NoContentType = "";
    private static readonly string Blender = Support.Json.BlenderSettings();

    private static string Task(string extra = "") => $$"""{"type":"blender_render","settings":{{Blender}}{{extra}}}""";

    private static string BlenderTask(string settingsObject) =>
        $$"""{"type":"blender_render","settings":{{System.Text.Json.JsonSerializer.Serialize(settingsObject)}}}""";

    private static string ExecTask(string settingsObject) =>
        $$"""{"type":"exec_command","settings":{{System.Text.Json.JsonSerializer.Serialize(settingsObject)}}}""";

    public static TheoryData<string, string, string, string, int> Cases()
    {
        var data = new TheoryData<string, string, string, string, int>();
        void Add(string method, string path, string body, int status, string contentType = Json) =>
            data.Add(method, path, body, contentType, status);

        // ---- POST /tasks
        Add("POST", "/tasks", """{"type":"blender_render",""", 400);
        Add("POST", "/tasks", "", 400);
        Add("POST", "/tasks", "{'type':'blender_render'}", 400);
        Add("POST", "/tasks", """{"type":1,"settings":"{}"}""", 400);
        Add("POST", "/tasks", """{"type":"blender_render","settings":{"filepath":"/a.blend","frame_start":1,"frame_end":2}}""", 400);
        Add("POST", "/tasks", Task(""","priority":"high" """), 400);
        Add("POST", "/tasks", Task(""","priority":99999999999999999999"""), 400);
        Add("POST", "/tasks", Task(""","task_id":99999999999999999999"""), 400);
        Add("POST", "/tasks", Task(""","tags":"gpu" """), 400);
        Add("POST", "/tasks", Task(""","tags":[1]"""), 400);
        Add("POST", "/tasks", Task(""","parser":false"""), 400);
        Add("POST", "/tasks", "[]", 400);
        Add("POST", "/tasks", "\"text\"", 400);
        Add("POST", "/tasks", "42", 400);
        Add("POST", "/tasks", "null", 400);
        Add("POST", "/tasks", Task(), 415, "text/plain");
        Add("POST", "/tasks", Task(), 415, NoContentType);
        Add("POST", "/tasks", Task(), 415, "application/x-www-form-urlencoded");
        Add("POST", "/tasks", """{"type":"maya","settings":"{}"}""", 422);
        Add("POST", "/tasks", Task(""","parser":"houdini" """), 422);
        Add("POST", "/tasks", """{"settings":"{}"}""", 422);
        Add("POST", "/tasks", """{"type":"blender_render"}""", 422);
        Add("POST", "/tasks", BlenderTask("""{"frame_start":1,"frame_end":2}"""), 422);
        Add("POST", "/tasks", BlenderTask("""{"filepath":"/a.blend","frame_start":5,"frame_end":4}"""), 422);
        Add("POST", "/tasks", BlenderTask("""{"filepath":"/a.blend","frame_start":1,"frame_end":2000000}"""), 422);
        Add("POST", "/tasks", BlenderTask("""{"filepath":"/a.blend","frame_start":1,"frame_end":2,"format":"GIF"}"""), 422);
        Add("POST", "/tasks", BlenderTask("""{"filepath":"/a.blend","frame_start":"1","frame_end":2}"""), 422);
        Add("POST", "/tasks", BlenderTask("not json"), 422);
        Add("POST", "/tasks", BlenderTask("[1,2]"), 422);
        Add("POST", "/tasks", ExecTask("""{"argv":[]}"""), 422);
        Add("POST", "/tasks", ExecTask("""{"argv":["echo"],"frame_start":3,"frame_end":1}"""), 422);
        Add("POST", "/tasks", Task(""","task_id":0"""), 422);
        Add("POST", "/tasks", Task(""","task_id":-4"""), 422);
        Add("POST", "/tasks", """{"type":"blender_render","settings":""" + Support.Json.BlenderSettings(1, 2) + ""","priority":2,"task_id":{explicit},"tags":["nobody"]}""", 409);
        Add("POST", "/tasks", """{"type":"blender_render","settings":""" + Support.Json.BlenderSettings(1, 2) + ""","priority":1,"task_id":{explicit}}""", 409);
        Add("POST", "/tasks", Task(""","task_id":{deleted}"""), 409);
        Add("POST", "/tasks", Task(""","task_id":{deleted},"tags":["nobody"]"""), 409);

        // ---- PATCH /tasks/{id}
        Add("PATCH", "/tasks/987654", """{"priority":1}""", 404);
        Add("PATCH", "/tasks/987654", """{"worker_id":{holder},"status":"rendering"}""", 404);
        Add("PATCH", "/tasks/{queued}", """{"priority":""", 400);
        Add("PATCH", "/tasks/{queued}", """{"priority":"x"}""", 400);
        Add("PATCH", "/tasks/{queued}", """{"priority":99999999999999999999}""", 400);
        Add("PATCH", "/tasks/{held}", """{"worker_id":{holder},"frame_current":99999999999999999999}""", 400);
        Add("PATCH", "/tasks/{held}", """{"worker_id":"{holder}","status":"completed"}""", 400);
        Add("PATCH", "/tasks/{held}", """{"worker_id":{holder},"log":["a"]}""", 400);
        Add("PATCH", "/tasks/{queued}", "[]", 400);
        Add("PATCH", "/tasks/{queued}", """{"status":"paused"}""", 415, "text/plain");
        Add("PATCH", "/tasks/{queued}", """{"status":"done"}""", 422);
        Add("PATCH", "/tasks/{held}", """{"worker_id":{holder},"status":"finished"}""", 422);
        Add("PATCH", "/tasks/{queued}", "{}", 422);
        Add("PATCH", "/tasks/{held}", """{"worker_id":{other},"status":"completed"}""", 409);
        Add("PATCH", "/tasks/{held}", """{"worker_id":{other},"frame_current":2}""", 409);
        Add("PATCH", "/tasks/{queued}", """{"worker_id":{holder},"status":"rendering"}""", 409);
        Add("PATCH", "/tasks/{canceled}", """{"worker_id":{other},"status":"rendering","log":"Fra:2\n"}""", 409);
        Add("PATCH", "/tasks/{canceled}", """{"worker_id":{other},"status":"completed"}""", 409);
        Add("PATCH", "/tasks/{deleted}", """{"worker_id":{holder},"status":"rendering"}""", 409);
        Add("PATCH", "/tasks/{completed}", """{"worker_id":{other},"frame_current":1}""", 409);
        Add("PATCH", "/tasks/{queued}", """{"status":"queued"}""", 409);
        Add("PATCH", "/tasks/{paused}", """{"status":"paused"}""", 409);
        Add("PATCH", "/tasks/{completed}", """{"status":"paused"}""", 409);
        Add("PATCH", "/tasks/{completed}", """{"status":"canceled"}""", 409);
        Add("PATCH", "/tasks/{canceled}", """{"status":"paused"}""", 409);
        Add("PATCH", "/tasks/{canceled}", """{"status":"canceled"}""", 409);
        Add("PATCH", "/tasks/{queued}", """{"status":"rendering"}""", 409);
        Add("PATCH", "/tasks/{queued}", """{"status":"completed"}""", 409);
        Add("PATCH", "/tasks/{held}", """{"status":"failed"}""", 409);

        // ---- DELETE and GET /tasks/{id}
        Add("DELETE", "/tasks/987654", "", 404);
        Add("DELETE", "/tasks/{deleted}", "", 404);
        Add("GET", "/tasks/987654", "", 404);
        Add("GET", "/tasks/{deleted}", "", 404);
        Add("GET", "/tasks/987654/log", "", 404);

        // ---- POST /workers
        foreach (var hostname in new[] { "-bad", "bad-", "a..b", ".lead", "trail.", "has space", "under_score", "héllo", "a/b", "",
                     new string('a', 64), string.Join('.', Enumerable.Repeat(new string('b', 63), 4)) /* 255 */ })
            Add("POST", "/workers", $$"""{"hostname":{{System.Text.Json.JsonSerializer.Serialize(hostname)}},"system":"Linux"}""", 422);
        Add("POST", "/workers", """{"hostname":"render-99"}""", 422);
        Add("POST", "/workers", """{"system":"Linux"}""", 422);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux","supported_types":["maya"]}""", 422);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux","port":70000}""", 422);
        Add("POST", "/workers", """{"hostname":42,"system":"Linux"}""", 400);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux","port":"5000"}""", 400);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux","port":99999999999999999999}""", 400);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux","tags":"gpu"}""", 400);
        Add("POST", "/workers", """{"hostname":"render-99","system":""", 400);
        Add("POST", "/workers", """["render-99"]""", 400);
        Add("POST", "/workers", """{"hostname":"render-99","system":"Linux"}""", 415, "text/plain");
        Add("POST", "/workers", """{"hostname":"holder-01","system":"Linux 6.1.0","port":"x"}""", 400);

        // ---- GET/PATCH /workers/{id}
        Add("GET", "/workers/987654", "", 404);
        Add("PATCH", "/workers/987654", """{"status":"available"}""", 404);
        Add("PATCH", "/workers/987654", """{"status":"disabled"}""", 404);
        Add("PATCH", "/workers/{other}", """{"status":"sleeping"}""", 422);
        Add("PATCH", "/workers/{holder}", """{"status":"disabled","mac_address":281474976710656}""", 422);
        Add("PATCH", "/workers/{other}", """{"status":""", 400);
        Add("PATCH", "/workers/{other}", """{"status":1}""", 400);
        Add("PATCH", "/workers/{other}", """{"status":"available","mac_address":99999999999999999999}""", 400);
        Add("PATCH", "/workers/{other}", """{"status":"available","update_frequent":"busy"}""", 400);
        Add("PATCH", "/workers/{other}", """{"status":"available","update_frequent":{"worker_cpu_percent":"high"}}""", 400);
        Add("PATCH", "/workers/{other}", """{"status":"available","update_frequent":{"load_average":{"1min":"x","5min":1,"15min":1}}}""", 400);
        Add("PATCH", "/workers/{other}", """{"status":"available","update_less_frequent":{"worker_num_cpus":99999999999}}""", 400);
        Add("PATCH", "/workers/{other}", "[1]", 400);
        Add("PATCH", "/workers/{holder}", """{"status":"disabled"}""", 415, "text/plain");

        // ---- settings
        foreach (var body in new[]
                 {
                     """{"no_such_setting":1}""", """{"worker_timeout_seconds":0}""", """{"worker_timeout_seconds":86401}""",
                     """{"worker_timeout_seconds":"30"}""", """{"worker_timeout_seconds":1.5}""", """{"task_max_attempts":0}""",
                     """{"task_max_attempts":101}""", """{"blocklist_threshold":0}""", """{"blocklist_threshold":101}""",
                     """{"default_priority":2147483648}""", """{"default_priority":-2147483649}""", """{"default_priority":true}""",
                     """{"blender_path":"/usr/bin/blender"}""", """{"blender_path":{"Amiga":"/b"}}""", """{"blender_path":{"Linux":""}}""",
                     """{"blender_path":{"Linux":5}}""", """{"task_max_attempts":5,"no_such_setting":1}""",
                     """{"default_priority":5,"worker_timeout_seconds":0}""", """{"worker_timeout_seconds":null}""",
                 })
            Add("POST", "/settings", body, 422);
        Add("POST", "/settings", """{"task_max_attempts":""", 400);
        Add("POST", "/settings", """[{"task_max_attempts":5}]""", 400);
        Add("POST", "/settings", """{"task_max_attempts":5}""", 415, "text/plain");
        Add("GET", "/settings/no_such_setting", "", 404);
        Add("PATCH", "/settings/no_such_setting", """{"value":1}""", 404);
        Add("PATCH", "/settings/task_max_attempts", """{"value":0}""", 422);
        Add("PATCH", "/settings/task_max_attempts", """{"value":"5"}""", 422);
        Add("PATCH", "/settings/worker_timeout_seconds", """{"value":86401}""", 422);
        Add("PATCH", "/settings/default_priority", """{"value":2147483648}""", 422);
        Add("PATCH", "/settings/blender_path", """{"value":{"Linux":"/b","Plan9":"/c"}}""", 422);
        Add("PATCH", "/settings/blender_path", """{"value":null}""", 422);
        Add("PATCH", "/settings/task_max_attempts", "{}", 422);
        Add("PATCH", "/settings/task_max_attempts", """{"value":""", 400);
        Add("PATCH", "/settings/task_max_attempts", "5", 400);
        Add("PATCH", "/settings/task_max_attempts", """{"value":5}""", 415, "text/plain");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Error_answers_problem_json_and_changes_nothing(string method, string path, string body, string contentType, int status)
    {
        var client = fixture.App.Client;
        var before = await client.StateSnapshot();

        var request = new HttpRequestMessage(new HttpMethod(method), fixture.Fill(path));
        if (method is "POST" or "PATCH")
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(fixture.Fill(body)));
            if (contentType != NoContentType) request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        var problem = await (await client.SendAsync(request)).ExpectProblem((HttpStatusCode)status);
        if (status == 422) Assert.True(problem["errors"] is JsonObject { Count: > 0 }, $"422 without errors: {problem}");

        var after = await client.StateSnapshot();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task The_fixture_holds_what_the_cases_assume()
    {
        var client = fixture.App.Client;
        long Id(string key) => long.Parse(fixture.Ids[key]);
        Assert.Equal("rendering", (string)(await client.GetTask(Id("held")))["status"]!);
        Assert.Equal(Id("holder"), (long)(await client.GetTask(Id("held")))["worker_id"]!);
        Assert.Equal("canceled", (string)(await client.GetTask(Id("canceled")))["status"]!);
        Assert.Equal("completed", (string)(await client.GetTask(Id("completed")))["status"]!);
        Assert.Equal("queued", (string)(await client.GetTask(Id("queued")))["status"]!);
        Assert.Equal("paused", (string)(await client.GetTask(Id("paused")))["status"]!);
        Assert.Equal(1000, Id("explicit"));
        await (await client.GetAsync($"/tasks/{Id("deleted")}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(await client.Poll(Id("other"), "rendering"));
        Assert.Equal(Id("held"), await client.Poll(Id("holder"), "rendering"));
    }

    [Fact]
    public async Task Unknown_routes_and_methods_never_answer_5xx()
    {
        var client = fixture.App.Client;
        foreach (var (method, path) in new[] { ("GET", "/tasks/abc"), ("GET", "/workers/abc"), ("PUT", "/tasks/1"), ("DELETE", "/workers"),
                     ("GET", "/tasks/99999999999999999999") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode}");
        }
    }
}
