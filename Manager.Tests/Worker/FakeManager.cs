using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Manager.Tests.Worker;

/// <summary>
/// An in-memory stand-in for the manager's worker-facing API (api.md), as an HttpMessageHandler,
/// so the worker agent's state machine can be tested without the real manager: registration,
/// polling with assignment, heartbeats, task updates fenced by holder (409), cancel, forgetting.
/// </summary>
internal sealed class FakeManager : HttpMessageHandler
{
    public sealed class FakeTask(long id, JsonObject details)
    {
        public long Id { get; } = id;
        public JsonObject Details { get; } = details;
        public string Status { get; set; } = "queued";
        public long? Holder { get; set; }
        public StringBuilder Log { get; } = new();
        public List<JsonObject> Updates { get; } = [];
        public TaskCompletionSource<JsonObject> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<JsonObject> HandedBack { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _workers = new();
    private readonly Dictionary<long, FakeTask> _tasks = new();
    private long _nextWorkerId = 1;
    private int _registrations;

    public Uri BaseAddress { get; } = new("http://fake-manager.test/");

    public JsonObject BlenderPath { get; set; } = new();

    public int Registrations => Volatile.Read(ref _registrations);

    public FakeTask AddTask(long id, string type, params string[] argv)
    {
        var details = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["status"] = "queued", ["worker_id"] = null, ["priority"] = 0,
            ["frame_start"] = 1, ["frame_end"] = 3, ["format"] = "PNG",
            ["commands"] = new JsonArray(new JsonObject { ["name"] = type, ["argv"] = new JsonArray(argv.Select(a => (JsonNode)a!).ToArray()) }),
        };
        var task = new FakeTask(id, details);
        lock (_gate)
            _tasks[id] = task;
        return task;
    }

    public string LogOf(long taskId)
    {
        lock (_gate)
            return _tasks[taskId].Log.ToString();
    }

    public string StatusOf(long taskId)
    {
        lock (_gate)
            return _tasks[taskId].Status;
    }

    /// <summary>What an operator's cancel does: the holder's next update is 409, its heartbeat answers null.</summary>
    public void Cancel(long taskId)
    {
        lock (_gate)
        {
            _tasks[taskId].Status = "canceled";
            _tasks[taskId].Holder = null;
        }
    }

    /// <summary>As if the manager lost its workers: their ids answer 404 until they register again.</summary>
    public void ForgetWorkers()
    {
        lock (_gate)
            _workers.Clear();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(ct))?.AsObject();
        var path = request.RequestUri!.AbsolutePath.Trim('/').Split('/');
        lock (_gate)
        {
            return (request.Method.Method, path) switch
            {
                ("POST", ["workers"]) => Register(body!),
                ("PATCH", ["workers", var id]) => UpdateWorker(long.Parse(id), body!),
                ("GET", ["tasks", var id]) => _tasks.TryGetValue(long.Parse(id), out var t) ? Json(HttpStatusCode.OK, t.Details) : Problem(HttpStatusCode.NotFound),
                ("PATCH", ["tasks", var id]) => UpdateTask(long.Parse(id), body!),
                ("GET", ["settings", "blender_path"]) => Json(HttpStatusCode.OK, new JsonObject { ["name"] = "blender_path", ["value"] = BlenderPath.DeepClone() }),
                _ => Problem(HttpStatusCode.NotFound),
            };
        }
    }

    private HttpResponseMessage Register(JsonObject body)
    {
        Interlocked.Increment(ref _registrations);
        var hostname = (string)body["hostname"]!;
        var created = !_workers.TryGetValue(hostname, out var id);
        if (created)
            _workers[hostname] = id = _nextWorkerId++;
        var worker = new JsonObject { ["id"] = id, ["hostname"] = hostname, ["system"] = (string?)body["system"], ["status"] = "enabled", ["connection"] = "online" };
        return Json(created ? HttpStatusCode.Created : HttpStatusCode.OK, new JsonObject { [hostname] = worker });
    }

    private HttpResponseMessage UpdateWorker(long workerId, JsonObject body)
    {
        if (!_workers.ContainsValue(workerId))
            return Problem(HttpStatusCode.NotFound);
        var held = _tasks.Values.FirstOrDefault(t => t.Holder == workerId && t.Status == "rendering");
        if ((string?)body["status"] == "available")
        {
            if (held is not null)
            {
                held.Status = "queued"; // it restarted mid-task: put it back
                held.Holder = null;
            }
            held = _tasks.Values.OrderBy(t => t.Id).FirstOrDefault(t => t.Status == "queued");
            if (held is not null)
            {
                held.Status = "rendering";
                held.Holder = workerId;
            }
        }
        return Json(HttpStatusCode.OK, new JsonObject { ["task_id"] = held?.Id });
    }

    private HttpResponseMessage UpdateTask(long taskId, JsonObject body)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
            return Problem(HttpStatusCode.NotFound);
        if ((long?)body["worker_id"] != task.Holder)
            return Problem(HttpStatusCode.Conflict);
        task.Updates.Add(body);
        if ((string?)body["log"] is { } log)
            task.Log.Append(log);
        switch ((string?)body["status"])
        {
            case "completed" or "failed" when task.Status == "rendering":
                task.Status = (string)body["status"]!;
                task.Final.TrySetResult(body);
                break;
            case "queued":
                task.Status = "queued";
                task.Holder = null;
                task.HandedBack.TrySetResult(body);
                break;
        }
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonNode body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Problem(HttpStatusCode status) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(new { title = status.ToString(), status = (int)status }), Encoding.UTF8, "application/problem+json") };
}
