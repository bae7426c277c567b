using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>Protocol steps over real HTTP, shared by the fault tests. Every wait is a bounded poll of a condition.</summary>
public static class Farm
{
    public static async Task<long> Register(this HttpClient c, string hostname, string? supportedTypes = null, string? tags = null)
    {
        var body = $$"""{"hostname":"{{hostname}}","system":"Linux 6.1.0"{{(supportedTypes is null ? "" : $",\"supported_types\":{supportedTypes}")}}{{(tags is null ? "" : $",\"tags\":{tags}")}}}""";
        var response = await c.PostJson("/workers", body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"register {hostname}: {response.StatusCode}");
        return (long)(await response.ReadJson())[hostname]!["id"]!;
    }

    public static async Task<long> Submit(this HttpClient c, long? priority = null, string type = "blender_render", string? tags = null)
    {
        var settings = type == "blender_render"
            ? Json.BlenderSettings()
            : System.Text.Json.JsonSerializer.Serialize("""{"argv":["echo","hi"]}""");
        var body = $$"""{"type":"{{type}}","settings":{{settings}}{{(priority is null ? "" : $",\"priority\":{priority}")}}{{(tags is null ? "" : $",\"tags\":{tags}")}}}""";
        var response = await c.PostJson("/tasks", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (long)(await response.ReadJson())["id"]!;
    }

    /// <summary>PATCH /workers/{id} {"status": word}; answers the task_id.</summary>
    public static async Task<long?> Report(this HttpClient c, long workerId, string status = "available")
    {
        var response = await c.PatchJson($"/workers/{workerId}", $$"""{"status":"{{status}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (long?)(await response.ReadJson())["task_id"];
    }

    public static async Task<JsonNode> Task(this HttpClient c, long id)
    {
        var response = await c.GetAsync($"/tasks/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJson();
    }

    public static async Task<long> Token(this HttpClient c, long taskId) => (long)(await c.Task(taskId))["assignment"]!;

    public static async Task<JsonNode> Worker(this HttpClient c, string hostname)
    {
        var response = await c.GetAsync("/workers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJson())[hostname] ?? throw new InvalidOperationException($"no worker {hostname} in GET /workers");
    }

    public static async Task Setting(this HttpClient c, string name, int value)
    {
        var response = await c.PatchJson($"/settings/{name}", $$"""{"value":{{value}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>PATCH /tasks/{id} from a worker; answers the status code.</summary>
    public static async Task<HttpStatusCode> WorkerUpdate(this HttpClient c, long taskId, long workerId, long? assignment, string? status = null, string? log = null)
    {
        var fields = new JsonObject { ["worker_id"] = workerId };
        if (assignment is not null) fields["assignment"] = assignment;
        if (status is not null) fields["status"] = status;
        if (log is not null) fields["log"] = log;
        var response = await c.PatchJson($"/tasks/{taskId}", fields.ToJsonString());
        return response.StatusCode;
    }

    public static async Task<HttpStatusCode> Operator(this HttpClient c, long taskId, string json) =>
        (await c.PatchJson($"/tasks/{taskId}", json)).StatusCode;

    /// <summary>Anything that is not a plain value: the JSON text of the node (null-safe).</summary>
    public static string Text(this JsonNode? node) => node?.ToJsonString() ?? "null";
}
