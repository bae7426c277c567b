using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Manager.Bench;

/// <summary>
/// The worker and submitter side of the HTTP API, on one pooled HttpClient (SocketsHttpHandler). Given several managers
/// (the nodes of a cluster) it sends each request to the next one in turn — round robin per request, as a load balancer
/// without sticky sessions does — and <see cref="Exclude"/> takes a node out of the rotation, as a load balancer does when
/// its health check fails.
/// </summary>
public sealed class FarmClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly byte[] Available = """{"status":"available"}"""u8.ToArray();
    private readonly HttpClient _http;
    private volatile Uri[] _nodes;
    private int _next = -1;

    public FarmClient(Uri baseAddress, int connections) : this([baseAddress], connections)
    {
    }

    /// <param name="nodes">The managers' base addresses; requests go to each in turn.</param>
    /// <param name="connections">Connections per manager at most.</param>
    public FarmClient(IReadOnlyList<Uri> nodes, int connections)
    {
        if (nodes.Count == 0) throw new ArgumentException("no manager to send to", nameof(nodes));
        _nodes = [.. nodes];
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = nodes[0], Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
    }

    /// <summary>The operator token the bench starts its manager with (Auth:OperatorToken); new for every bench run.</summary>
    public static readonly string OperatorToken = Manager.Actors.Tokens.TokenSecrets.NewSecret();

    /// <summary>Each registered worker's own credential: its claims and task updates are sent with it, as a real worker's are.</summary>
    private readonly ConcurrentDictionary<long, AuthenticationHeaderValue> _workerTokens = new();

    /// <summary>The client itself; its base address is the first manager (the ceiling and readiness probes use it).</summary>
    public HttpClient Http => _http;

    /// <summary>The managers requests are sent to now.</summary>
    public IReadOnlyList<Uri> Nodes => _nodes;

    /// <summary>Stops sending to <paramref name="node"/> (requests already sent to it are not affected).</summary>
    public void Exclude(Uri node)
    {
        var rest = _nodes.Where(n => n != node).ToArray();
        if (rest.Length == 0) throw new InvalidOperationException("no manager would be left to send to");
        _nodes = rest;
    }

    /// <summary>Where the next request goes: the managers in turn.</summary>
    private Uri Route(string path)
    {
        var nodes = _nodes;
        var node = nodes.Length == 1 ? nodes[0] : nodes[(int)((uint)Interlocked.Increment(ref _next) % (uint)nodes.Length)];
        return new Uri(node, path);
    }

    /// <summary>Registrations answered 503 (the actors did not answer within the manager's ask timeout) and sent again.</summary>
    public long RegistrationsRetried => Interlocked.Read(ref _registrationsRetried);

    private long _registrationsRetried;

    /// <summary>
    /// POST /workers; answers the worker id. A 503 is retried after a second (the answer's Retry-After), up to 10 times, as a
    /// worker retries: an overloaded cluster enrolling 50,000 workers answers some of them so. (A retried registration whose
    /// first attempt got as far as issuing the credential is answered without one: that worker then claims with the operator's.)
    /// </summary>
    public async Task<long> RegisterAsync(string hostname, IReadOnlyList<string> supportedTypes)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"hostname":"{{hostname}}","system":"Linux bench","supported_types":{{JsonSerializer.Serialize(supportedTypes)}}}""");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterOnceAsync(body);
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                Interlocked.Increment(ref _registrationsRetried);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task<long> RegisterOnceAsync(byte[] body)
    {
        using var response = await SendAsync(HttpMethod.Post, "workers", body);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            var id = entry.Value.GetProperty("id").GetInt64();
            if (entry.Value.TryGetProperty("token", out var token))
                _workerTokens[id] = new AuthenticationHeaderValue("Bearer", token.GetString());
            return id;
        }
        throw new InvalidOperationException("empty registration answer");
    }

    /// <summary>PATCH /workers/{id} {"status":"available"}; answers the assigned task id or null.</summary>
    public async Task<long?> ClaimAsync(long workerId)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"workers/{workerId}", Available, workerId);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var reader = new Utf8JsonReader(bytes);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("task_id"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
            }
        throw new InvalidOperationException($"unexpected claim answer: {Encoding.UTF8.GetString(bytes)}");
    }

    /// <summary>PATCH /tasks/{id} {"worker_id":W,"status":S} from the holder; expects 204.</summary>
    public Task UpdateAsync(long taskId, long workerId, string status) =>
        PatchTaskAsync(taskId, workerId, $"\"status\":\"{status}\"");

    /// <summary>PATCH /tasks/{id} from its holder: progress (<c>frame_current</c>), persisted as an event.</summary>
    public Task ProgressAsync(long taskId, long workerId, long frame) =>
        PatchTaskAsync(taskId, workerId, $"\"frame_current\":{frame}");

    /// <summary>PATCH /tasks/{id} from its holder with a chunk of output (<paramref name="logJson"/>: the chunk as a JSON string literal).</summary>
    public Task LogAsync(long taskId, long workerId, string logJson) =>
        PatchTaskAsync(taskId, workerId, $"\"log\":{logJson}");

    /// <summary>PATCH /tasks/{id} from its holder: <c>worker_id</c> and one more field (<paramref name="field"/>: <c>"name":value</c>).</summary>
    private async Task PatchTaskAsync(long taskId, long workerId, string field)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"worker_id":{{workerId}},{{field}}}""");
        using var response = await SendAsync(HttpMethod.Patch, $"tasks/{taskId}", body, workerId);
    }

    /// <summary>Opens worker <paramref name="workerId"/>'s log stream on the next manager in turn, with the worker's own token.</summary>
    public Task<LogStreamClient> OpenLogStreamAsync(long workerId)
    {
        var token = _workerTokens.TryGetValue(workerId, out var own) ? own : _http.DefaultRequestHeaders.Authorization!;
        return LogStreamClient.OpenAsync(Route($"workers/{workerId}/log-stream"), token.ToString());
    }

    /// <summary>A chunk of about <paramref name="bytes"/> bytes of Blender-like output, as a JSON string literal.</summary>
    public static string LogChunkJson(int bytes)
    {
        const string line = "Fra:1 Mem:162.53M (Peak 162.53M) | Time:00:00.51 | Remaining:00:00.08 | Mem:6.59M, Peak:6.59M | Scene, ViewLayer | Sample 16/64\n";
        var text = new StringBuilder();
        while (text.Length < bytes) text.Append(line);
        return JsonSerializer.Serialize(text.ToString());
    }

    /// <summary>POST /tasks with a zero-length exec_command task; answers the task id.</summary>
    public Task<long> SubmitAsync() => PostForIdAsync("tasks", SubmitBody);

    /// <summary>
    /// POST /tasks of a zero-length exec_command task with the submitter's <paramref name="taskId"/> (so a repeat is the same
    /// task), given up (TaskCanceledException) after <paramref name="timeout"/>: an impatient submitter that sends again.
    /// </summary>
    public async Task SubmitAsync(long taskId, TimeSpan timeout)
    {
        using var stop = new CancellationTokenSource(timeout);
        var body = Encoding.UTF8.GetBytes($$"""{"task_id":{{taskId}},"type":"exec_command","priority":0,"settings":"{\"argv\":[\"true\"]}"}""");
        using var response = await SendAsync(HttpMethod.Post, "tasks", body, cancel: stop.Token);
    }

    /// <summary>POST /jobs with <paramref name="body"/> (the request's JSON); answers the job id.</summary>
    public Task<long> SubmitJobAsync(byte[] body) => PostForIdAsync("jobs", body);

    /// <summary>POST; answers the <c>id</c> of what the answer describes.</summary>
    private async Task<long> PostForIdAsync(string path, byte[] body)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var reader = new Utf8JsonReader(bytes);
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }
        throw new InvalidOperationException($"no id in the answer of POST /{path}");
    }

    public static readonly byte[] SubmitBody =
        """{"type":"exec_command","priority":0,"settings":"{\"argv\":[\"true\"]}"}"""u8.ToArray();

    /// <summary>GET a path, reading the whole body; answers its length (throws on a non-2xx status).</summary>
    public async Task<long> GetAsync(string path)
    {
        using var response = await _http.GetAsync(Route(path), HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>GET a path whose answer is JSON (<c>snake_case</c> names), read as <typeparamref name="T"/>; throws on a non-2xx status.</summary>
    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await _http.GetAsync(Route(path), HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(SnakeCase) ?? throw new InvalidOperationException($"GET /{path} answered null");
    }

    /// <param name="asWorker">Sent with this worker's own token (the operator's when it has none).</param>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[] body, long? asWorker = null,
        CancellationToken cancel = default)
    {
        var request = new HttpRequestMessage(method, Route(path)) { Content = new ByteArrayContent(body) };
        if (asWorker is { } id && _workerTokens.TryGetValue(id, out var token)) request.Headers.Authorization = token;
        request.Content.Headers.ContentType = Json;
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new HttpRequestException($"{method} /{path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }
        return response;
    }

    public void Dispose() => _http.Dispose();
}
