using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Manager.Tests.Worker;

/// <summary>
/// An in-memory stand-in for the manager's worker-facing API (docs/api.md), as an HttpMessageHandler,
/// so the worker agent's state machine can be tested without the real manager: registration,
/// polling with assignment, heartbeats, task updates fenced by holder and assignment (409), cancel,
/// forgetting; and credentials (Part C): bearer tokens checked on every request (401), enrollment
/// handing out a worker token, a host name bound to its credential (409), revocation, and log
/// chunks stored once per (assignment, log_seq).
/// </summary>
internal sealed class FakeManager : HttpMessageHandler
{
    public const string EnrollmentToken = "enroll-secret";

    /// <summary>A request as it arrived: what the worker sent, and with which credential.</summary>
    public sealed record Seen(string Method, string Path, string? Authorization, JsonObject? Body);

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
        public long Assignment { get; set; }
        public HashSet<(long Assignment, long Seq)> StoredChunks { get; } = [];
        public int DuplicateChunks { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _workers = new();
    private readonly Dictionary<long, FakeTask> _tasks = new();
    private readonly Dictionary<string, long> _workerTokens = new(); // token → the worker it is bound to
    private readonly List<Seen> _seen = [];
    private long _nextWorkerId = 1;
    private long _nextAssignment = 100;
    private int _registrations;
    private int _stallFirstChunk;

    public Uri BaseAddress { get; } = new("http://fake-manager.test/");

    public JsonObject BlenderPath { get; set; } = new();

    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary><c>Auth:Enabled</c>: when false no token is needed and none is handed out.</summary>
    public bool AuthEnabled { get; set; } = true;

    /// <summary>Called with every request before it is answered (outside the fake's lock).</summary>
    public Action<Seen>? OnRequest { get; set; }

    public IReadOnlyList<Seen> Requests
    {
        get
        {
            lock (_gate)
                return _seen.ToList();
        }
    }

    /// <summary>The token handed out to a worker at enrollment, if any.</summary>
    public string? TokenOf(long workerId)
    {
        lock (_gate)
            return _workerTokens.Where(t => t.Value == workerId).Select(t => t.Key).FirstOrDefault();
    }

    /// <summary>As an operator's <c>DELETE /workers/{id}</c>: the host name is free again and the worker's token revoked.</summary>
    public void RemoveWorker(long workerId)
    {
        lock (_gate)
        {
            foreach (var hostname in _workers.Where(w => w.Value == workerId).Select(w => w.Key).ToList())
                _workers.Remove(hostname);
            foreach (var token in _workerTokens.Where(t => t.Value == workerId).Select(t => t.Key).ToList())
                _workerTokens.Remove(token);
        }
    }

    /// <summary>A host name registered by some other credential.</summary>
    public void RegisterOther(string hostname)
    {
        lock (_gate)
        {
            var id = _nextWorkerId++;
            _workers[hostname] = id;
            _workerTokens[$"worker-token-{id}"] = id;
        }
    }

    /// <summary>
    /// The first log chunk is stored but its answer never comes (as if lost on the way back), so the
    /// worker's attempt times out and the chunk is sent again.
    /// </summary>
    public void StallFirstChunkAnswer() => Volatile.Write(ref _stallFirstChunk, 1);

    public FakeTask AddTask(long id, string type, params string[] argv)
    {
        var details = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["status"] = "queued", ["worker_id"] = null, ["priority"] = 0,
            ["frame_start"] = 1, ["frame_end"] = 3, ["format"] = "PNG", ["assignment"] = 0,
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
        var seen = new Seen(request.Method.Method, request.RequestUri.AbsolutePath, request.Headers.Authorization?.ToString(), body);
        OnRequest?.Invoke(seen);
        var bearer = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token } ? token : null;
        HttpResponseMessage response;
        bool stall;
        lock (_gate)
        {
            _seen.Add(seen);
            stall = body?["log_seq"] is not null && Interlocked.Exchange(ref _stallFirstChunk, 0) == 1;
            response = Answer(request.Method.Method, path, bearer, body);
        }
        if (stall)
        {
            response.Dispose();
            await Task.Delay(Timeout.Infinite, ct); // stored, but the answer is lost: the worker's attempt times out
        }
        return response;
    }

    private HttpResponseMessage Answer(string method, string[] path, string? bearer, JsonObject? body)
    {
        if ((method, path) is ("POST", ["workers"]))
            return Register(bearer, body!);

        long? caller = null;
        if (AuthEnabled)
        {
            if (bearer is null || !_workerTokens.TryGetValue(bearer, out var bound))
                return Unauthorized();
            caller = bound;
        }
        return (method, path) switch
        {
            ("PATCH", ["workers", var id]) when caller is not null && caller != long.Parse(id) => Problem(HttpStatusCode.Forbidden),
            ("PATCH", ["workers", var id]) => UpdateWorker(long.Parse(id), body!),
            ("GET", ["tasks", var id]) => _tasks.TryGetValue(long.Parse(id), out var t) ? Json(HttpStatusCode.OK, t.Details) : Problem(HttpStatusCode.NotFound),
            ("PATCH", ["tasks", var id]) => UpdateTask(long.Parse(id), body!),
            ("GET", ["settings", "blender_path"]) => Json(HttpStatusCode.OK, new JsonObject { ["name"] = "blender_path", ["value"] = BlenderPath.DeepClone() }),
            _ => Problem(HttpStatusCode.NotFound),
        };
    }

    /// <summary>
    /// <c>POST /workers</c> as Part C has it: a worker's own token re-registers its worker (200); an
    /// enrollment token registers a new host name (201, plus the worker's token); anything else is 401,
    /// or 409 when the host name belongs to another credential.
    /// </summary>
    private HttpResponseMessage Register(string? bearer, JsonObject body)
    {
        Interlocked.Increment(ref _registrations);
        var hostname = (string)body["hostname"]!;
        var registered = _workers.TryGetValue(hostname, out var id);
        string? newToken = null;
        if (AuthEnabled)
        {
            if (bearer is not null && _workerTokens.TryGetValue(bearer, out var bound))
            {
                if (registered && id != bound)
                    return Problem(HttpStatusCode.Conflict, $"host name {hostname} is registered to worker {id}");
                _workers[hostname] = id = bound; // its worker, even if the manager forgot it
                return Json(registered ? HttpStatusCode.OK : HttpStatusCode.Created, WorkerObject(hostname, id, body, null));
            }
            if (bearer != EnrollmentToken)
                return Unauthorized();
            if (registered)
                return Problem(HttpStatusCode.Conflict, $"host name {hostname} is registered to worker {id}");
            newToken = $"worker-token-{Guid.NewGuid():N}";
        }
        if (!registered)
            _workers[hostname] = id = _nextWorkerId++;
        if (newToken is not null)
            _workerTokens[newToken] = id;
        return Json(registered ? HttpStatusCode.OK : HttpStatusCode.Created, WorkerObject(hostname, id, body, newToken));
    }

    private static JsonObject WorkerObject(string hostname, long id, JsonObject body, string? token)
    {
        var worker = new JsonObject { ["id"] = id, ["hostname"] = hostname, ["system"] = (string?)body["system"], ["status"] = "enabled", ["connection"] = "online" };
        if (token is not null)
            worker["token"] = token;
        return new JsonObject { [hostname] = worker };
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
                held.Assignment = _nextAssignment++;
                held.Details["assignment"] = held.Assignment;
            }
        }
        return Json(HttpStatusCode.OK, new JsonObject { ["task_id"] = held?.Id });
    }

    private HttpResponseMessage UpdateTask(long taskId, JsonObject body)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
            return Problem(HttpStatusCode.NotFound);
        if ((long?)body["worker_id"] != task.Holder || (long?)body["assignment"] != task.Assignment)
            return Problem(HttpStatusCode.Conflict);
        task.Updates.Add(body);
        if ((string?)body["log"] is { } log)
        {
            if (body["log_seq"] is { } seq && !task.StoredChunks.Add((task.Assignment, (long)seq)))
            {
                task.DuplicateChunks++;
                return new HttpResponseMessage(HttpStatusCode.NoContent); // already stored: not again
            }
            task.Log.Append(log);
        }
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

    private static HttpResponseMessage Problem(HttpStatusCode status, string? detail = null) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(new { title = status.ToString(), status = (int)status, detail }), Encoding.UTF8, "application/problem+json") };

    private static HttpResponseMessage Unauthorized()
    {
        var response = Problem(HttpStatusCode.Unauthorized, "missing, unknown or revoked token");
        response.Headers.WwwAuthenticate.Add(new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer"));
        return response;
    }
}
