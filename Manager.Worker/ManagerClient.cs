using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Manager.Worker;

/// <summary>How the manager took an update of a task.</summary>
public enum TaskUpdateResult
{
    /// <summary>204: applied.</summary>
    Accepted,
    /// <summary>409 (or 403): the task was canceled, deleted or given to another worker — stop working on it.</summary>
    Conflict,
    /// <summary>404: no such task (deleted).</summary>
    NotFound,
    /// <summary>Any other 4xx: the manager refused this body; retrying it cannot help.</summary>
    Rejected,
}

public sealed record TaskUpdateOutcome(TaskUpdateResult Result, string? Detail = null)
{
    /// <summary>The answer in words for the log, above all why the task is no longer this worker's (409, 404).</summary>
    public string Describe() => Result switch
    {
        TaskUpdateResult.Conflict => $"canceled by manager (409{(string.IsNullOrEmpty(Detail) ? "" : ": " + Detail)})",
        TaskUpdateResult.NotFound => "the task was deleted (404)",
        _ => $"{Result}: {Detail}",
    };
}

/// <summary>The manager answered a request with a status the worker cannot act on (e.g. 422 at registration).</summary>
public sealed class ManagerRequestException(int statusCode, string message, string detail = "") : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The manager's own explanation (problem detail), possibly empty.</summary>
    public string Detail { get; } = detail;
}

/// <summary>
/// Typed calls to the manager's HTTP API. Every call retries, with <see cref="RetryPolicy"/>
/// backoff and until its token is canceled, while the manager cannot be reached, times out or
/// answers 5xx/408/429; a 401 throws <see cref="CredentialRefusedException"/>; any other answer is
/// returned to the caller. Every request carries <c>Authorization: Bearer</c> <see cref="BearerToken"/>
/// when there is one. Reports the transitions "unreachable" / "reachable again" as <see cref="WorkerEvent"/>s.
/// </summary>
public sealed class ManagerClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly TimeSpan StillDownReportEvery = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly HttpMessageHandler? _handler;
    private readonly RetryPolicy _retry;
    private readonly Action<WorkerEvent> _events;
    private readonly Lock _gate = new();
    private DateTimeOffset? _downSince;
    private DateTimeOffset _lastDownReport;
    private int _reconnected;
    private volatile string? _bearerToken;

    /// <param name="baseAddress">The manager's URL, ending in '/'.</param>
    /// <param name="handler">A handler to send through (tests: a stub or a test server); not disposed here.</param>
    public ManagerClient(Uri baseAddress, RetryPolicy retry, Action<WorkerEvent>? events = null, HttpMessageHandler? handler = null)
    {
        _http = handler is null
            ? new HttpClient(new SocketsHttpHandler
            {
                // A manager address may move (fail-over behind DNS): do not keep connections forever.
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                ConnectTimeout = retry.AttemptTimeout < TimeSpan.FromSeconds(10) ? retry.AttemptTimeout : TimeSpan.FromSeconds(10),
            })
            : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseAddress;
        _handler = handler;
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
        _retry = retry;
        _events = events ?? (_ => { });
    }

    /// <summary>The worker's own token, sent with every request; <c>null</c> sends none (a manager with authentication off).</summary>
    public string? BearerToken
    {
        get => _bearerToken;
        set => _bearerToken = value;
    }

    /// <summary>True once after a request succeeded following an outage (then the worker re-registers).</summary>
    public bool TakeReconnected() => Interlocked.Exchange(ref _reconnected, 0) == 1;

    /// <summary>
    /// <c>POST /workers</c>: registers (201) or finds (200) this host name's worker, showing
    /// <paramref name="bearer"/> (an enrollment token, the worker's own, or none). An enrollment
    /// answers the worker's new token in <see cref="WorkerView.Token"/>.
    /// </summary>
    public async Task<WorkerView> RegisterAsync(RegisterRequest request, string? bearer, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "workers", request, bearer, ct);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
            throw await Unexpected(response, "registration", ct);

        using var document = await ReadJson(response, ct);
        var root = document.RootElement;
        // The contract answers the worker object keyed by host name; accept a bare worker object too.
        var worker = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _)
            ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty(request.Hostname, out var keyed)
                ? keyed
                : root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Count() == 1
                    ? root.EnumerateObject().First().Value
                    : throw new ManagerRequestException((int)response.StatusCode, "registration answered without the worker's id");
        var view = worker.Deserialize<WorkerView>(Json)
            ?? throw new ManagerRequestException((int)response.StatusCode, "registration answered without the worker's id");
        // The token belongs in the worker object; accept it beside the object too.
        if (view.Token is null && root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String)
            view = view with { Token = token.GetString() };
        return view;
    }

    /// <summary><c>PATCH /workers/{id}</c>: a poll or heartbeat. <c>null</c> when the manager does not know the worker (404).</summary>
    public async Task<WorkerUpdateReply?> UpdateWorkerAsync(long workerId, WorkerUpdate update, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"workers/{workerId}", update, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (response.StatusCode != HttpStatusCode.OK)
            throw await Unexpected(response, $"worker update ({update.Status})", ct);
        return await response.Content.ReadFromJsonAsync<WorkerUpdateReply>(Json, ct) ?? new WorkerUpdateReply();
    }

    /// <summary><c>GET /tasks/{id}</c>; <c>null</c> when the task is gone (404).</summary>
    public Task<TaskDetails?> GetTaskAsync(long taskId, CancellationToken ct) =>
        GetOrNullAsync<TaskDetails>($"tasks/{taskId}", $"reading task {taskId}", ct);

    /// <summary><c>GET /settings/{name}</c>: the setting's value; <c>null</c> for an unknown setting (404).</summary>
    public async Task<JsonElement?> GetSettingAsync(string name, CancellationToken ct)
    {
        var setting = await GetOrNullAsync<SettingView>($"settings/{Uri.EscapeDataString(name)}", $"reading setting {name}", ct);
        return setting?.Value.Clone();
    }

    /// <summary>A GET whose 404 means "not there" (null); any other answer but 200 is unexpected.</summary>
    private async Task<T?> GetOrNullAsync<T>(string path, string what, CancellationToken ct) where T : class
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (response.StatusCode != HttpStatusCode.OK)
            throw await Unexpected(response, what, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct);
    }

    /// <summary><c>PATCH /tasks/{id}</c> from the worker holding the task.</summary>
    public async Task<TaskUpdateOutcome> UpdateTaskAsync(long taskId, TaskUpdate update, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"tasks/{taskId}", update, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent or HttpStatusCode.OK => new TaskUpdateOutcome(TaskUpdateResult.Accepted),
            // 403: a worker token may touch only the task its worker holds — this one is no longer its.
            HttpStatusCode.Conflict or HttpStatusCode.Forbidden => new TaskUpdateOutcome(TaskUpdateResult.Conflict, await Detail(response, ct)),
            HttpStatusCode.NotFound => new TaskUpdateOutcome(TaskUpdateResult.NotFound, await Detail(response, ct)),
            _ => new TaskUpdateOutcome(TaskUpdateResult.Rejected, $"{(int)response.StatusCode}: {await Detail(response, ct)}"),
        };
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="path"/> (a <c>GET</c> upgrade) with the worker's token, within one attempt's
    /// timeout; tried once. Through the test handler when there is one.
    /// </summary>
    /// <exception cref="WebSocketException">The upgrade was refused, or the manager cannot be reached.</exception>
    /// <exception cref="OperationCanceledException">The attempt timed out, or <paramref name="ct"/> was canceled.</exception>
    internal async Task<System.Net.WebSockets.ClientWebSocket> ConnectWebSocketAsync(string path, CancellationToken ct)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        if (BearerToken is { } bearer)
            socket.Options.SetRequestHeader("Authorization", $"Bearer {bearer}");
        var http = new Uri(_http.BaseAddress!, path);
        var address = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attemptTimeout.CancelAfter(_retry.AttemptTimeout);
        try
        {
            if (_handler is null)
                await socket.ConnectAsync(address, attemptTimeout.Token);
            else
                await socket.ConnectAsync(address, new HttpMessageInvoker(_handler, disposeHandler: false), attemptTimeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>PUT /tasks/{id}/last-frame</c>: a picture of the frame the worker rendered last. Tried once (a picture is
    /// best effort, and the next one comes soon), within one attempt's timeout; answers the status.
    /// </summary>
    /// <exception cref="HttpRequestException">The manager cannot be reached.</exception>
    /// <exception cref="OperationCanceledException">The attempt timed out, or <paramref name="ct"/> was canceled.</exception>
    public async Task<HttpStatusCode> PutLastFrameAsync(long taskId, long workerId, long assignment, long frame, byte[] jpeg, CancellationToken ct)
    {
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attemptTimeout.CancelAfter(_retry.AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Put, FormattableString.Invariant(
            $"tasks/{taskId}/last-frame?worker_id={workerId}&assignment={assignment}&frame={frame}"));
        if (BearerToken is { } bearer)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Content = new ByteArrayContent(jpeg);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await _http.SendAsync(request, attemptTimeout.Token);
        return response.StatusCode;
    }

    /// <summary>
    /// Sends until the manager gives an answer that is not worth retrying, and returns that answer
    /// (its body already read). Throws <see cref="CredentialRefusedException"/> for a 401, and
    /// <see cref="OperationCanceledException"/> for <paramref name="ct"/>.
    /// </summary>
    internal Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct) =>
        SendAsync(method, path, body, BearerToken, ct);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? bearer, CancellationToken ct)
    {
        // Serialized once, sent with a Content-Length (not chunked) on every attempt.
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attemptTimeout.CancelAfter(_retry.AttemptTimeout);
                using var request = new HttpRequestMessage(method, path);
                if (bearer is not null)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                if (payload is not null)
                {
                    request.Content = new ByteArrayContent(payload);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                }
                var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                if (!RetryPolicy.IsRetryable((int)response.StatusCode))
                {
                    MarkReachable();
                    if (response.StatusCode != HttpStatusCode.Unauthorized)
                        return response;
                    using (response)
                        throw new CredentialRefusedException(await Detail(response, ct));
                }
                failure = $"{method} /{path} answered {(int)response.StatusCode}";
                response.Dispose();
            }
            catch (HttpRequestException e)
            {
                failure = e.InnerException?.Message ?? e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = $"{method} /{path} timed out after {_retry.AttemptTimeout.TotalSeconds:0.#} s";
            }

            var delay = _retry.Delay(attempt);
            MarkUnreachable(failure, delay);
            await Task.Delay(RetryPolicy.Spread(delay, Random.Shared.NextDouble()), ct);
        }
    }

    private void MarkUnreachable(string failure, TimeSpan delay)
    {
        var now = DateTimeOffset.UtcNow;
        string? message = null;
        lock (_gate)
        {
            if (_downSince is null)
            {
                _downSince = _lastDownReport = now;
                message = $"manager unreachable ({failure}) — retrying in {delay.TotalSeconds:0.0#} s";
            }
            else if (now - _lastDownReport >= StillDownReportEvery)
            {
                _lastDownReport = now;
                message = $"manager still unreachable after {(now - _downSince.Value).TotalSeconds:0} s ({failure}) — retrying in {delay.TotalSeconds:0.0#} s";
            }
        }
        if (message is not null)
            _events(new WorkerEvent(WorkerEventKind.ManagerUnreachable, message));
    }

    private void MarkReachable()
    {
        DateTimeOffset since;
        lock (_gate)
        {
            if (_downSince is null)
                return;
            since = _downSince.Value;
            _downSince = null;
        }
        Interlocked.Exchange(ref _reconnected, 1);
        _events(new WorkerEvent(WorkerEventKind.ManagerReachable,
            $"manager reachable again after {(DateTimeOffset.UtcNow - since).TotalSeconds:0.0} s"));
    }

    private static async Task<JsonDocument> ReadJson(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new ManagerRequestException((int)response.StatusCode, $"the manager answered invalid JSON: {e.Message}");
        }
    }

    private static async Task<ManagerRequestException> Unexpected(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var detail = await Detail(response, ct);
        return new((int)response.StatusCode, $"{what}: the manager answered {(int)response.StatusCode} {detail}".TrimEnd(), detail);
    }

    /// <summary>The problem detail's <c>detail</c> (else <c>title</c>, else the start of the body).</summary>
    private static async Task<string> Detail(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in (string[])["detail", "title"])
                {
                    if (problem.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                        return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    public void Dispose() => _http.Dispose();
}
