using System.Net;
using System.Text;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>One manager with a worker, a queued and a rendering task; every hostile request is refused without a change.</summary>
public sealed class HostileFarm : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-hostile");

    public ManagerApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await ManagerApp.StartAsync(_dir.Path);
        var c = App.Client;
        await c.Setting("worker_timeout_seconds", 86_400); // connection must not change while the cases run
        var w = await c.RegisterId("render-01");
        Assert.Equal(1L, w);
        Assert.Equal(1L, await c.SubmitId()); // task 1: rendering on worker 1
        Assert.Equal(1L, await c.Poll(w));
        Assert.Equal(2L, await c.SubmitId()); // task 2: queued
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _dir.Dispose();
    }
}

public partial class HostileInputTests(HostileFarm farm) : IClassFixture<HostileFarm>
{
    private static readonly string Blender = Json.BlenderSettings();
    private static readonly string Huge = "{\"type\":\"blender_render\",\"settings\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";
    private static readonly string Deep = "{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
    private static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
    private static readonly string LongHost = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)); // 304 characters
    private static readonly string LongLabel = new string('a', 64) + ".farm";

    private static string Tags(int count, int length) =>
        System.Text.Json.JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => $"{i}-".PadRight(length, 't')));

    private static string Quoted(string json) => System.Text.Json.JsonSerializer.Serialize(json);

    private static string ExecSettingsOfBytes(int bytes)
    {
        var empty = System.Text.Json.JsonSerializer.Serialize(new { argv = new[] { "echo", "" } });
        return System.Text.Json.JsonSerializer.Serialize(new { argv = new[] { "echo", new string('x', bytes - empty.Length) } });
    }

    /// <summary>method, path, body (null: none), content type, expected status.</summary>
    public static TheoryData<string, string, string?, string, int> Cases()
    {
        var d = new TheoryData<string, string, string?, string, int>();
        void Add(string method, string path, string? body, int status, string type = "application/json") => d.Add(method, path, body, type, status);

        foreach (var (method, path) in new[] { ("POST", "/tasks"), ("PATCH", "/tasks/1"), ("POST", "/workers"), ("PATCH", "/workers/1"), ("POST", "/settings"), ("PATCH", "/settings/task_max_attempts") })
        {
            Add(method, path, "{", 400);
            Add(method, path, "{\"a\":}", 400);
            Add(method, path, "", 400);
            Add(method, path, "[]", 400);
            Add(method, path, "\"text\"", 400);
            Add(method, path, "nul", 400);
            Add(method, path, "{\"a\":1,}", 400);
            Add(method, path, Huge, 413);
            Add(method, path, Deep, 400);
            Add(method, path, DeepObject, 400);
            Add(method, path, "{}", 415, "text/plain");
            Add(method, path, "{}", 415, "application/x-www-form-urlencoded");
        }

        // POST /tasks
        Add("POST", "/tasks", $$"""{"type":5,"settings":{{Blender}}}""", 400);
        Add("POST", "/tasks", """{"type":"blender_render","settings":{"filepath":"/a.blend"}}""", 400);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"priority":"high"}""", 400);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"priority":99999999999999999999}""", 400);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"priority":1.5}""", 400);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"tags":"gpu"}""", 400);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"tags":[1]}""", 400);
        Add("POST", "/tasks", """{"type":"blender_render"}""", 422);
        Add("POST", "/tasks", $$"""{"settings":{{Blender}}}""", 422);
        Add("POST", "/tasks", "{}", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"bogus":1}""", 422);
        Add("POST", "/tasks", $$"""{"type":"maya_render","settings":{{Blender}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","parser":"nope","settings":{{Blender}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"task_id":-1}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"task_id":0}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Json.BlenderSettings(5, 1)}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Json.BlenderSettings(-2000000, 1)}}}""", 422);
        Add("POST", "/tasks", """{"type":"blender_render","settings":"not json"}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Json.BlenderSettings(1, 4)}},"task_id":1}""", 409);

        // Bounds (docs/api.md, "Credentials and who may call what")
        foreach (var id in new[] { "9007199254740992", "9223372036854775806", "9223372036854775807" })
            Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"task_id":{{id}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"tags":{{Tags(33, 3)}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"tags":{{Tags(1, 65)}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Blender}},"tags":[""]}""", 422);
        Add("POST", "/tasks", $$"""{"type":"exec_command","settings":{{Quoted(ExecSettingsOfBytes(64 * 1024 + 1))}}}""", 422);
        foreach (var args in new[] { "[\"-P\",\"x.py\"]", "[\"--python-expr\",\"import os\"]", "[\"--python=x.py\"]", "[\"-y\"]",
                     "[\"--enable-autoexec\"]", "[\"--addons\",\"a\"]", "[\"--app-template\",\"t\"]", "[\"--env-system-scripts\",\"/s\"]",
                     "[\"--python-use-system-env\"]", "[\"-t\",\"-P\"]", "[\"/other.blend\"]" })
            Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Quoted($$"""{"filepath":"/a.blend","frame_start":1,"frame_end":2,"extra_args":{{args}}}""")}}}""", 422);
        Add("POST", "/tasks", $$"""{"type":"blender_render","settings":{{Quoted("""{"filepath":"/a.blend","frame_start":1,"frame_end":2,"output":"-P"}""")}}}""", 422);
        Add("POST", "/workers", $$"""{"hostname":"render-09","system":"Linux","tags":{{Tags(33, 3)}}}""", 422);
        Add("POST", "/workers", $$"""{"hostname":"render-09","system":"Linux","tags":{{Tags(1, 65)}}}""", 422);
        Add("PATCH", "/settings/blender_path", "{\"value\":{\"Linux\":\"/" + new string('b', 5000) + "\"}}", 422);

        // PATCH /tasks/{id}
        Add("PATCH", "/tasks/1", """{"status":5}""", 400);
        Add("PATCH", "/tasks/1", """{"priority":"9"}""", 400);
        Add("PATCH", "/tasks/1", """{"priority":9223372036854775808}""", 400);
        Add("PATCH", "/tasks/1", """{"worker_id":1,"frame_current":1e400}""", 400);
        Add("PATCH", "/tasks/1", """{"worker_id":"1","status":"completed"}""", 400);
        Add("PATCH", "/tasks/1", """{"status":"done"}""", 422);
        Add("PATCH", "/tasks/1", """{"status":"completed"}""", 409); // not a status an operator may ask for
        Add("PATCH", "/tasks/1", """{"status":"rendering"}""", 409);
        Add("PATCH", "/tasks/1", "{}", 422);
        Add("PATCH", "/tasks/1", """{"priority":1,"bogus":true}""", 422);
        Add("PATCH", "/tasks/1", """{"frame_current":3}""", 422);
        Add("PATCH", "/tasks/1", """{"worker_id":1,"time_cost":-1}""", 422);
        Add("PATCH", "/tasks/1", """{"worker_id":1,"priority":3}""", 422);
        Add("PATCH", "/tasks/1", """{"worker_id":1,"status":"paused"}""", 422);
        Add("PATCH", "/tasks/1", """{"worker_id":2,"status":"completed"}""", 409);
        Add("PATCH", "/tasks/1", """{"worker_id":1,"assignment":999,"status":"completed"}""", 409);
        Add("PATCH", "/tasks/1", """{"worker_id":-5,"log":"Fra:1"}""", 409);
        Add("PATCH", "/tasks/2", """{"worker_id":1,"status":"completed"}""", 409);
        Add("PATCH", "/tasks/2", """{"status":"queued"}""", 409);
        Add("PATCH", "/tasks/999999", """{"status":"canceled"}""", 404);
        Add("PATCH", "/tasks/999999", """{"worker_id":1,"status":"completed"}""", 404);
        Add("PATCH", "/tasks/9223372036854775807", """{"priority":1}""", 404);

        // GET / DELETE with unknown ids and bad queries
        Add("GET", "/tasks/999999", null, 404);
        Add("GET", "/tasks/-1", null, 404);
        Add("GET", "/tasks/999999/log", null, 404);
        Add("DELETE", "/tasks/999999", null, 404);
        Add("GET", "/tasks?limit=0", null, 400);
        Add("GET", "/tasks?limit=1001", null, 400);
        Add("GET", "/tasks?limit=abc", null, 400);
        Add("GET", "/tasks?after=-1", null, 400);
        Add("GET", "/tasks?after=99999999999999999999", null, 400);
        Add("GET", "/tasks?status=done", null, 400);
        Add("GET", "/tasks?worker_id=x", null, 400);
        Add("GET", "/workers/999999", null, 404);
        Add("GET", "/settings/nope", null, 404);

        // POST /workers
        Add("POST", "/workers", """{"hostname":5,"system":"Linux"}""", 400);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","port":"80"}""", 400);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","port":99999999999999999999}""", 400);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","supported_types":"blender_render"}""", 400);
        Add("POST", "/workers", """{"system":"Linux"}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09"}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","bogus":1}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","port":-1}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","port":65536}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09","system":"Linux","supported_types":["maya"]}""", 422);
        Add("POST", "/workers", """{"hostname":"render-09","system":""}""", 422);
        foreach (var host in new[] { LongHost, LongLabel, "", "-render", "render-", "render_01", "render 01", "rénder-01", "рендер", "渲染", "render-🔥", "a..b", ".a", "a.", "render%00", "render\u0000x" })
            Add("POST", "/workers", $$"""{"hostname":{{System.Text.Json.JsonSerializer.Serialize(host)}},"system":"Linux"}""", 422);

        // PATCH /workers/{id}
        Add("PATCH", "/workers/1", """{"status":true}""", 400);
        Add("PATCH", "/workers/1", """{"mac_address":"aa:bb"}""", 400);
        Add("PATCH", "/workers/1", """{"status":"available","update_frequent":{"worker_cpu_percent":"high"}}""", 400);
        Add("PATCH", "/workers/1", """{"status":"sleeping"}""", 422);
        Add("PATCH", "/workers/1", """{"status":"available","bogus":1}""", 422);
        Add("PATCH", "/workers/1", """{"mac_address":-1}""", 422);
        Add("PATCH", "/workers/1", """{"mac_address":281474976710656}""", 422);
        Add("PATCH", "/workers/999999", """{"status":"available"}""", 404);
        Add("PATCH", "/workers/9223372036854775807", """{"status":"rendering"}""", 404);
        Add("DELETE", "/workers/999999/blocklist", null, 404);

        // Settings
        foreach (var value in new[] { "0", "-1", "86401", "1.5", "\"30\"", "true", "null", "[]", "{}", "1e100", "99999999999999999999" })
            Add("PATCH", "/settings/worker_timeout_seconds", $$"""{"value":{{value}}}""", 422);
        Add("PATCH", "/settings/task_max_attempts", """{"value":101}""", 422);
        Add("PATCH", "/settings/blocklist_threshold", """{"value":0}""", 422);
        Add("PATCH", "/settings/default_priority", """{"value":2147483648}""", 422);
        Add("PATCH", "/settings/blender_path", """{"value":{"Amiga":"/bin/blender"}}""", 422);
        Add("PATCH", "/settings/blender_path", """{"value":{"Linux":""}}""", 422);
        Add("PATCH", "/settings/blender_path", """{"value":"blender"}""", 422);
        Add("PATCH", "/settings/task_max_attempts", """{"value":3,"extra":1}""", 422);
        Add("PATCH", "/settings/task_max_attempts", "{}", 422);
        Add("PATCH", "/settings/nope", """{"value":1}""", 404);
        Add("POST", "/settings", """{"nope":1}""", 422);
        Add("POST", "/settings", """{"task_max_attempts":5,"blocklist_threshold":0}""", 422);
        Add("POST", "/settings", "{}", 422);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_requests_get_a_4xx_problem_and_change_nothing(string method, string path, string? body, string contentType, int expected)
    {
        var c = farm.App.Client;
        var before = await State(c);

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await c.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\"", text);
        Assert.DoesNotContain("   at ", text); // no stack trace
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(before, await State(c));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_field_is_refused_too()
    {
        var c = farm.App.Client;
        var before = await State(c);
        var prefix = "{\"settings\":\"{}\",\"type\":\""u8.ToArray();
        using var bad = new ByteArrayContent([.. prefix, 0xC3, 0x28, 0x22, 0x7D]); // "type": "\xC3(" is not UTF-8
        bad.Headers.ContentType = new("application/json");
        var response = await c.PostAsync("/tasks", bad);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await State(c));
    }

    [Fact]
    public async Task A_1_MiB_activity_is_cut_to_1_KiB_not_refused()
    {
        var c = farm.App.Client;
        var activity = new string('a', 1024 * 1024 - 100); // the whole body stays under the 1 MiB body limit

        using var body = new StringContent($$"""{"worker_id":1,"activity":"{{activity}}"}""", Encoding.UTF8, "application/json");
        var response = await c.PatchAsync("/tasks/1", body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var task = System.Text.Json.JsonDocument.Parse(await c.GetStringAsync("/tasks/1")).RootElement;
        Assert.Equal(new string('a', 1024), task.GetProperty("activity").GetString());
    }

    [Fact]
    public async Task Automatic_ids_after_the_largest_one_are_refused_instead_of_overwriting()
    {
        // On a farm of its own: the id space is used up for good.
        using var dir = new TempDirectory("manager-hostile-ids");
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var chosen = await c.PostAsync("/tasks", JsonContent($$"""{"type":"blender_render","settings":{{Blender}},"task_id":9007199254740990}"""));
        Assert.Equal(HttpStatusCode.Accepted, chosen.StatusCode);
        var last = await c.PostAsync("/tasks", JsonContent($$"""{"type":"blender_render","settings":{{Blender}},"priority":7}"""));
        Assert.Equal(HttpStatusCode.Accepted, last.StatusCode);
        Assert.Equal(9007199254740991L, System.Text.Json.JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());

        var refused = await c.PostAsync("/tasks", JsonContent($$"""{"type":"blender_render","settings":{{Blender}},"priority":1}"""));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no task id is left", await refused.Content.ReadAsStringAsync());
        var kept = System.Text.Json.JsonDocument.Parse(await c.GetStringAsync("/tasks/9007199254740991")).RootElement;
        Assert.Equal(7, kept.GetProperty("priority").GetInt64());
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(await c.GetStringAsync("/tasks")).RootElement.GetArrayLength());
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> State(HttpClient c)
    {
        var parts = new List<string>();
        foreach (var path in new[] { "/tasks?limit=1000", "/workers", "/settings" })
        {
            var response = await c.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // A worker's request counts as contact even when refused (docs/api.md, "Connection"): last_seen may move.
            parts.Add(LastSeen().Replace(await response.Content.ReadAsStringAsync(), "\"last_seen\":…"));
        }
        return string.Join("\n", parts);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"last_seen\":(null|\"[^\"]*\")")]
    private static partial System.Text.RegularExpressions.Regex LastSeen();
}
