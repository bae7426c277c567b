using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>Who sends a request in the authorization table.</summary>
public enum CallerKind
{
    Operator,
    Submitter,
    Enrollment,

    /// <summary>A freshly enrolled worker, with its own token.</summary>
    Worker,
    NoToken,
    RevokedToken,

    /// <summary><c>Authorization: Bearer</c> without a token.</summary>
    BearerWithoutToken,

    /// <summary><c>Authorization: Basic x</c>.</summary>
    BasicScheme,
}

/// <summary>One request of the table: what is sent, built for one caller.</summary>
/// <param name="Stream">The answer never ends (GET /events): only its status and headers are read.</param>
/// <param name="Jpeg">A picture sent as image/jpeg instead of a JSON body (PUT /tasks/{id}/last-frame).</param>
/// <param name="WebSocket">A WebSocket upgrade (GET /workers/{id}/log-stream): 101 Switching Protocols is its success.</param>
public sealed record RouteRequest(HttpMethod Method, string Path, string? Json = null, bool Stream = false, byte[]? Jpeg = null, bool WebSocket = false)
{
    /// <summary>Sends the request with <paramref name="client"/>; a stream's answer is returned once its headers are read.</summary>
    public Task<HttpResponseMessage> SendWith(HttpClient client) => (Stream || WebSocket, Jpeg) switch
    {
        (true, _) => client.SendAsync(WebSocket ? UpgradeRequest() : new HttpRequestMessage(Method, Path), HttpCompletionOption.ResponseHeadersRead),
        (_, { } jpeg) => client.PutJpeg(Path, jpeg),
        _ => client.Send(Method, Path, Json),
    };

    /// <summary>The route answered as a caller with the right expects: 2xx, or for a WebSocket the switch to it.</summary>
    public bool Succeeded(HttpResponseMessage response) =>
        response.IsSuccessStatusCode || (WebSocket && response.StatusCode == System.Net.HttpStatusCode.SwitchingProtocols);

    private HttpRequestMessage UpgradeRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        return request;
    }

    /// <summary>The answer's body for a failure message (not read from a stream).</summary>
    public async Task<string> BodyOf(HttpResponseMessage response) => Stream || WebSocket ? "(a stream)" : await response.Content.ReadAsStringAsync();
}

/// <summary>
/// What a row's request is built from: the scene, the caller, and for <see cref="CallerKind.Worker"/> the worker whose
/// token sends it. Fresh data per request, so an allowed change never depends on another row.
/// </summary>
public sealed record RouteContext(AuthScene Scene, CallerKind Caller, EnrolledWorker? Worker)
{
    /// <summary>A queued task submitted by the operator.</summary>
    public async Task<long> OperatorsTask() => (long)(await Scene.Operator.Submit())["id"]!;

    /// <summary>The task this caller may act on if any: its own for a submitter, the held one for a worker, else the operator's.</summary>
    public async Task<long> TaskOfCaller() => Caller switch
    {
        CallerKind.Submitter => (long)(await Scene.Bearer(Scene.Submitter.Token).Submit())["id"]!,
        CallerKind.Worker => await Scene.HoldTask(Worker!),
        _ => await OperatorsTask(),
    };

    /// <summary>A job submitted by the operator.</summary>
    public async Task<long> OperatorsJob() => (long)(await Scene.Operator.SubmitJob())["id"]!;

    /// <summary>The job this caller may change: its own for a submitter, else the operator's.</summary>
    public async Task<long> JobOfCaller() => Caller == CallerKind.Submitter
        ? (long)(await Scene.Bearer(Scene.Submitter.Token).SubmitJob())["id"]!
        : await OperatorsJob();

    /// <summary>
    /// A PUT of a frame of a job's task that the sending worker holds: a worker caller's own worker, else a worker the
    /// operator registers now and acts for.
    /// </summary>
    public async Task<RouteRequest> FrameOfHeldJobTask()
    {
        var (client, workerId) = Worker is { } w ? (Scene.Bearer(w.Token), w.Id) : (Scene.Operator, await Scene.Operator.RegisterId(HttpApi.Unique("render")));
        var (taskId, assignment) = await Scene.HoldJobTask(client, workerId);
        return new RouteRequest(HttpMethod.Put, LastFrames.PutPath(taskId, workerId, assignment, 1), Jpeg: LastFrames.TinyJpeg);
    }

    /// <summary>A job with a frame stored (by a worker the operator registers and acts for).</summary>
    public async Task<long> JobWithFrame()
    {
        var frame = await new RouteContext(Scene, CallerKind.Operator, null).FrameOfHeldJobTask();
        await (await frame.SendWith(Scene.Operator)).Expect(System.Net.HttpStatusCode.NoContent);
        var taskId = long.Parse(frame.Path.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        return (long)(await Scene.Operator.GetTask(taskId))["job_id"]!;
    }

    /// <summary>A worker id: the worker's own for a worker caller, else a worker the operator registers now.</summary>
    public async Task<long> WorkerOfCaller() => Worker?.Id ?? await Scene.Operator.RegisterId(HttpApi.Unique("render"));

    /// <summary>A worker's host name: the worker's own for a worker caller, else a new one.</summary>
    public string HostnameOfCaller() => Worker?.Hostname ?? HttpApi.Unique("render");

    public static string RegistrationBody(string hostname) =>
        new JsonObject { ["hostname"] = hostname, ["system"] = "Linux 6.1.0", ["port"] = 5000 }.ToJsonString();
}

/// <summary>One row of <see cref="RouteRights"/>: a route and the callers with the right to it.</summary>
public sealed record RouteRight(string Method, string Pattern, CallerKind[] Allowed, Func<RouteContext, Task<RouteRequest>> Build)
{
    public string Key => $"{Method} {Pattern}";
}

/// <summary>
/// Every route of the manager (method and route pattern exactly as the endpoint data source has them) with the
/// callers that have the right to it (docs/api.md, "Credentials and who may call what"), and a request that such a caller sends successfully.
/// A route missing here fails <see cref="EveryRouteDeclaresAPolicyTests"/>.
/// </summary>
public static class RouteRights
{
    private static readonly CallerKind[] Everyone = Enum.GetValues<CallerKind>();
    private static readonly CallerKind[] OperatorOnly = [CallerKind.Operator];
    private static readonly CallerKind[] Readers = [CallerKind.Operator, CallerKind.Submitter];
    private static readonly CallerKind[] SettingsReaders = [CallerKind.Operator, CallerKind.Submitter, CallerKind.Worker];

    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    public static readonly IReadOnlyList<RouteRight> All =
    [
        // "*": the endpoint answers any method (health checks, the Prometheus scrape); the table sends GET.
        new("*", "/healthz", Everyone, _ => Fixed(Get, "/healthz")),
        new("*", "/readyz", Everyone, _ => Fixed(Get, "/readyz")),
        // The API's description (document and interactive reference) holds nothing of the farm: anyone may read it.
        new("GET", "/openapi/{documentName}.json", Everyone, _ => Fixed(Get, "/openapi/v1.json")),
        new("GET", "/api-reference/{documentName?}", Everyone, _ => Fixed(Get, "/api-reference/v1")),
        new("GET", "/api-reference/scalar.js", Everyone, _ => Fixed(Get, "/api-reference/scalar.js")),
        new("GET", "/api-reference/scalar.aspnetcore.js", Everyone, _ => Fixed(Get, "/api-reference/scalar.aspnetcore.js")),
        new("GET", "/api-reference/favicon.svg", Everyone, _ => Fixed(Get, "/api-reference/favicon.svg")),
        new("*", "/metrics", OperatorOnly, _ => Fixed(Get, "/metrics")),

        new("POST", "/tasks", Readers, _ => Fixed(Post, "/tasks", HttpApi.SubmitBody())),
        new("GET", "/tasks", Readers, _ => Fixed(Get, "/tasks")),
        // A submitter reads any task (here the operator's); a worker the one it holds.
        new("GET", "/tasks/{id:long}", SettingsReaders, async c => new(Get,
            $"/tasks/{(c.Worker is { } w ? await c.Scene.HoldTask(w) : await c.OperatorsTask())}")),
        new("GET", "/tasks/{id:long}/log", Readers, async c => new(Get, $"/tasks/{await c.OperatorsTask()}/log")),
        new("PATCH", "/tasks/{id:long}", SettingsReaders, async c => new(Patch, $"/tasks/{await c.TaskOfCaller()}",
            c.Worker is { } w ? $$"""{"worker_id":{{w.Id}},"activity":"probing"}""" : """{"priority":5}""")),
        new("DELETE", "/tasks/{id:long}", Readers, async c => new(Delete, $"/tasks/{await c.TaskOfCaller()}")),

        new("POST", "/jobs", Readers, _ => Fixed(Post, "/jobs", HttpApi.JobBody())),
        new("GET", "/jobs", Readers, _ => Fixed(Get, "/jobs")),
        new("GET", "/jobs/{id:long}", Readers, async c => new(Get, $"/jobs/{await c.OperatorsJob()}")),
        new("GET", "/jobs/{id:long}/tasks", Readers, async c => new(Get, $"/jobs/{await c.OperatorsJob()}/tasks")),
        // Frames come from the holder (an operator acting for it); a submitter is 403 like its PATCH with worker_id.
        new("PUT", "/tasks/{id:long}/last-frame", [CallerKind.Operator, CallerKind.Worker], c => c.FrameOfHeldJobTask()),
        new("GET", "/jobs/{id:long}/last-frame", Readers, async c => new(Get, $"/jobs/{await c.JobWithFrame()}/last-frame")),
        new("PATCH", "/jobs/{id:long}", Readers, async c => new(Patch, $"/jobs/{await c.JobOfCaller()}", """{"priority":5}""")),
        new("DELETE", "/jobs/{id:long}", Readers, async c => new(Delete, $"/jobs/{await c.JobOfCaller()}")),

        new("GET", "/workers", Readers, _ => Fixed(Get, "/workers")),
        new("POST", "/workers", [CallerKind.Operator, CallerKind.Enrollment, CallerKind.Worker],
            c => Fixed(Post, "/workers", RouteContext.RegistrationBody(c.HostnameOfCaller()))),
        new("GET", "/workers/{id:long}", Readers, async c => new(Get, $"/workers/{await c.WorkerOfCaller()}")),
        // A worker polls for work; anyone else sends a heartbeat, which is no operator switch either.
        new("PATCH", "/workers/{id:long}", [CallerKind.Operator, CallerKind.Worker], async c => new(Patch, $"/workers/{await c.WorkerOfCaller()}",
            c.Worker is null ? """{"status":"rendering"}""" : """{"status":"available"}""")),
        new("DELETE", "/workers/{id:long}", OperatorOnly, async c => new(Delete, $"/workers/{await c.WorkerOfCaller()}")),
        new("GET", "/workers/{id:long}/log-stream", [CallerKind.Operator, CallerKind.Worker],
            async c => new(Get, $"/workers/{await c.WorkerOfCaller()}/log-stream", WebSocket: true)),
        new("DELETE", "/workers/{id:long}/blocklist", OperatorOnly, async c => new(Delete, $"/workers/{await c.WorkerOfCaller()}/blocklist")),

        new("GET", "/settings", SettingsReaders, _ => Fixed(Get, "/settings")),
        new("POST", "/settings", OperatorOnly, _ => Fixed(Post, "/settings", """{"task_max_attempts":3}""")),
        new("GET", "/settings/{name}", SettingsReaders, _ => Fixed(Get, "/settings/task_max_attempts")),
        new("PATCH", "/settings/{name}", OperatorOnly, _ => Fixed(Patch, "/settings/task_max_attempts", """{"value":3}""")),

        new("POST", "/tokens", OperatorOnly, _ => Fixed(Post, "/tokens",
            new JsonObject { ["name"] = HttpApi.Unique("table"), ["role"] = "submitter" }.ToJsonString())),
        new("GET", "/tokens", OperatorOnly, _ => Fixed(Get, "/tokens")),
        new("DELETE", "/tokens/{id:long}", OperatorOnly, async c => new(Delete, $"/tokens/{(await c.Scene.CreateToken("submitter")).Id}")),

        new("GET", "/audit", OperatorOnly, _ => Fixed(Get, "/audit?limit=5")),

        new("GET", "/events", Readers, _ => Task.FromResult(new RouteRequest(Get, "/events", Stream: true))),
        new("GET", "/whoami", [CallerKind.Operator, CallerKind.Submitter, CallerKind.Enrollment, CallerKind.Worker], _ => Fixed(Get, "/whoami")),
    ];

    public static RouteRight Find(string key) => All.Single(r => r.Key == key);

    private static Task<RouteRequest> Fixed(HttpMethod method, string path, string? json = null) =>
        Task.FromResult(new RouteRequest(method, path, json));
}
