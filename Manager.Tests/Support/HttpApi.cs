using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Manager.Tests.Support;

/// <summary>Contract-level helpers for the HTTP tests: typed calls, problem+json checks and state snapshots.</summary>
public static class HttpApi
{
    public static readonly string[] TaskViewFields =
        ["id", "worker_id", "priority", "frame_start", "frame_end", "frame_current", "status", "format"];

    public static readonly string[] WorkerPartAFields =
        ["activity", "connection", "current_task", "hostname", "id", "ip_address", "log", "port", "status", "system", "time_cost"];

    /// <summary>Settings text (a JSON string literal) for an exec_command task.</summary>
    public static string ExecSettings(params string[] argv) =>
        JsonSerializer.Serialize(JsonSerializer.Serialize(new { argv }));

    /// <summary>The status code, failing with the body when it is a 5xx or not the expected one.</summary>
    public static async Task<string> Expect(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"5xx: {(int)response.StatusCode} {body}");
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    public static async Task<JsonNode> ExpectJson(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Expect(expected);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("JSON null");
    }

    /// <summary>Asserts an RFC 9457 answer with the given status and returns it.</summary>
    public static async Task<JsonObject> ExpectProblem(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Expect(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Assert.IsType<JsonObject>(JsonNode.Parse(body));
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), $"problem without title: {body}");
        Assert.True(problem["type"] is JsonValue, $"problem without type: {body}");
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]), $"problem without detail: {body}");
        Assert.DoesNotContain("   at ", body); // never a stack trace
        return problem;
    }

    public static Task<HttpResponseMessage> Send(this HttpClient client, HttpMethod method, string path, string? json = null,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = Json.Body(json, contentType);
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> GetObject(this HttpClient client, string path) =>
        (JsonObject)await (await client.GetAsync(path)).ExpectJson(HttpStatusCode.OK);

    public static async Task<JsonArray> GetArray(this HttpClient client, string path) =>
        (JsonArray)await (await client.GetAsync(path)).ExpectJson(HttpStatusCode.OK);

    /// <summary>Registers (or re-registers) a worker and returns its entry from the answer.</summary>
    public static async Task<JsonObject> Register(this HttpClient client, string hostname, string[]? tags = null,
        string[]? types = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var body = new JsonObject { ["hostname"] = hostname, ["system"] = "Linux 6.1.0", ["port"] = 5000 };
        if (tags is not null) body["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        if (types is not null) body["supported_types"] = new JsonArray(types.Select(t => (JsonNode?)t).ToArray());
        var answer = (JsonObject)await (await client.PostJson("/workers", body.ToJsonString())).ExpectJson(expected);
        var entry = Assert.Single(answer);
        Assert.Equal(hostname, entry.Key);
        return (JsonObject)entry.Value!;
    }

    public static async Task<long> RegisterId(this HttpClient client, string hostname, params string[] tags) =>
        (long)(await client.Register(hostname, tags))["id"]!;

    /// <summary>Submits a task; <paramref name="settings"/> is a JSON string literal (see <see cref="Json.BlenderSettings"/>).</summary>
    public static async Task<JsonObject> Submit(this HttpClient client, string? settings = null, string type = "blender_render",
        long? priority = null, long? taskId = null, string[]? tags = null, string? parser = null)
    {
        var response = await client.PostJson("/tasks", SubmitBody(settings, type, priority, taskId, tags, parser));
        return (JsonObject)await response.ExpectJson(HttpStatusCode.Accepted);
    }

    public static string SubmitBody(string? settings = null, string type = "blender_render",
        long? priority = null, long? taskId = null, string[]? tags = null, string? parser = null)
    {
        var body = new JsonObject
        {
            ["type"] = type,
            ["settings"] = JsonNode.Parse(settings ?? Json.BlenderSettings()),
        };
        if (priority is not null) body["priority"] = priority;
        if (taskId is not null) body["task_id"] = taskId;
        if (tags is not null) body["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        if (parser is not null) body["parser"] = parser;
        return body.ToJsonString();
    }

    public static async Task<long> SubmitId(this HttpClient client, string[]? tags = null, long? priority = null, string? settings = null,
        string type = "blender_render") =>
        (long)(await client.Submit(settings, type, priority, tags: tags))["id"]!;

    /// <summary>PATCH /workers/{id} with a status word; answers the task_id (null when none).</summary>
    public static async Task<long?> Poll(this HttpClient client, long workerId, string status = "available")
    {
        var answer = await (await client.PatchJson($"/workers/{workerId}", $$"""{"status":"{{status}}"}""")).ExpectJson(HttpStatusCode.OK);
        var obj = Assert.IsType<JsonObject>(answer);
        Assert.Equal(["task_id"], obj.Select(kv => kv.Key));
        return (long?)obj["task_id"];
    }

    public static async Task PatchTask(this HttpClient client, long taskId, string json, HttpStatusCode expected = HttpStatusCode.NoContent)
    {
        var response = await client.PatchJson($"/tasks/{taskId}", json);
        if (expected == HttpStatusCode.NoContent) await response.Expect(expected);
        else await response.ExpectProblem(expected);
    }

    public static Task<JsonObject> GetTask(this HttpClient client, long id) => client.GetObject($"/tasks/{id}");

    /// <summary>The assignment token of a task's current attempt.</summary>
    public static async Task<long> Token(this HttpClient client, long taskId) => (long)(await client.GetTask(taskId))["assignment"]!;

    /// <summary>A worker's entry in GET /workers.</summary>
    public static async Task<JsonNode> Worker(this HttpClient client, string hostname) =>
        (await client.GetObject("/workers"))[hostname] ?? throw new InvalidOperationException($"no worker {hostname} in GET /workers");

    /// <summary>PATCH /settings/{name} with a number.</summary>
    public static async Task Setting(this HttpClient client, string name, int value) =>
        await (await client.PatchJson($"/settings/{name}", $$"""{"value":{{value}}}""")).Expect(HttpStatusCode.OK);

    /// <summary>PATCH /tasks/{id} from a worker; answers the status code.</summary>
    public static async Task<HttpStatusCode> WorkerUpdate(this HttpClient client, long taskId, long workerId, long? assignment,
        string? status = null, string? log = null)
    {
        var fields = new JsonObject { ["worker_id"] = workerId };
        if (assignment is not null) fields["assignment"] = assignment;
        if (status is not null) fields["status"] = status;
        if (log is not null) fields["log"] = log;
        return (await client.PatchJson($"/tasks/{taskId}", fields.ToJsonString())).StatusCode;
    }

    /// <summary>PATCH /tasks/{id} with any body (an operator's action); answers the status code.</summary>
    public static async Task<HttpStatusCode> Operator(this HttpClient client, long taskId, string json) =>
        (await client.PatchJson($"/tasks/{taskId}", json)).StatusCode;

    /// <summary>Everything an error must leave unchanged: tasks (with details), workers and settings.</summary>
    public static async Task<string> StateSnapshot(this HttpClient client)
    {
        var tasks = await client.GetArray("/tasks?limit=1000");
        var details = new JsonArray();
        foreach (var t in tasks)
        {
            var d = await client.GetTask((long)t!["id"]!);
            d.Remove("log_tail");
            details.Add(d);
        }
        var workers = await client.GetObject("/workers");
        foreach (var (_, w) in workers)
        {
            var worker = (JsonObject)w!;
            worker.Remove("last_seen");
            worker.Remove("connection");
        }
        var settings = await client.GetObject("/settings");
        return new JsonObject
        {
            ["tasks"] = tasks.DeepClone(),
            ["details"] = details,
            ["workers"] = workers.DeepClone(),
            ["settings"] = settings.DeepClone(),
        }.ToJsonString();
    }

    /// <summary>The fields of the job view (Part D), in order.</summary>
    public static readonly string[] JobViewFields =
        ["id", "name", "type", "status", "priority", "settings", "depends_on", "tags", "tasks_total", "tasks_by_status", "frames_total",
         "frames_done", "progress", "eta_seconds", "activity", "submitted_by", "created_at", "updated_at"];

    /// <summary>A POST /jobs body for a blender_render job (settings as <see cref="Tasks.RulesDriver.JobSettings"/> makes them).</summary>
    public static string JobBody(string frames = "1-4", int chunk = 1, bool previewFirst = false, int step = 10, int? fps = null,
        long? priority = null, long? jobId = null, long[]? dependsOn = null, string[]? tags = null, string name = "shot 010")
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["type"] = "blender_render",
            ["settings"] = JsonNode.Parse(Tasks.RulesDriver.JobSettings(frames, chunk, previewFirst, step, fps)),
        };
        if (priority is not null) body["priority"] = priority;
        if (jobId is not null) body["job_id"] = jobId;
        if (dependsOn is not null) body["depends_on"] = new JsonArray(dependsOn.Select(d => (JsonNode?)d).ToArray());
        if (tags is not null) body["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        return body.ToJsonString();
    }

    /// <summary>POST /jobs, expecting 202; answers the job view.</summary>
    public static async Task<JsonObject> SubmitJob(this HttpClient client, string? body = null) =>
        (JsonObject)await (await client.PostJson("/jobs", body ?? JobBody())).ExpectJson(HttpStatusCode.Accepted);

    public static Task<JsonObject> GetJob(this HttpClient client, long id) => client.GetObject($"/jobs/{id}");

    /// <summary>The ids of a job's tasks, in order (GET /jobs/{id}/tasks).</summary>
    public static async Task<List<long>> JobTaskIds(this HttpClient client, long jobId) =>
        (await client.GetArray($"/jobs/{jobId}/tasks?limit=1000")).Select(t => (long)t!["id"]!).ToList();

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}

/// <summary>One Manager on a fresh directory, shared by the tests of a class.</summary>
public sealed class ManagerAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-http");

    public ManagerApp App { get; private set; } = null!;

    public HttpClient Client => App.Client;

    public async Task InitializeAsync() => App = await ManagerApp.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
