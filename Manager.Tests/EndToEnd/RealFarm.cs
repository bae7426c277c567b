using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Manager.Worker;

namespace Manager.Tests.EndToEnd;

/// <summary>
/// One farm for one test: the real manager (<see cref="ManagerApp"/>, a real Kestrel port and a real
/// SQLite file) and real <see cref="WorkerAgent"/>s that reach it over loopback HTTP — no test-server
/// handler — and run the real Blender. Everything lives in one temp directory.
/// </summary>
public sealed class RealFarm : IAsyncDisposable
{
    private readonly TempDirectory _root;
    private readonly List<(WorkerAgent Agent, CancellationTokenSource Stop, Task Run)> _workers = [];
    private readonly List<HttpClient> _clients = [];

    private RealFarm(TempDirectory root, ManagerApp manager)
    {
        _root = root;
        Manager = manager;
    }

    public ManagerApp Manager { get; }

    public HttpClient Http => Manager.Client;

    /// <summary>Every worker's events, in order, prefixed with its hostname (a failure message prints them).</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    public string Root => _root.Path;

    public static async Task<RealFarm> StartAsync()
    {
        var root = new TempDirectory("manager-e2e");
        ManagerApp manager;
        try
        {
            var data = Path.Combine(root.Path, "manager");
            Directory.CreateDirectory(data);
            manager = await ManagerApp.StartAsync(data);
        }
        catch
        {
            root.Dispose();
            throw;
        }
        return new RealFarm(root, manager);
    }

    /// <summary>Starts a worker agent in-process; it registers under <paramref name="hostname"/>.</summary>
    public WorkerAgent StartWorker(string hostname, string blender, Func<WorkerOptions, WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions
        {
            Manager = Manager.BaseAddress,
            Hostname = hostname,
            WorkDir = Path.Combine(Root, "work", hostname),
            EnrollmentToken = TestTokens.Enrollment,
            Blender = blender,
            PollInterval = TimeSpan.FromMilliseconds(200),
            PollJitter = TimeSpan.FromMilliseconds(50),
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            ChunkInterval = TimeSpan.FromMilliseconds(200),
            RetryInitial = TimeSpan.FromMilliseconds(50),
            RetryMax = TimeSpan.FromSeconds(1),
            ShutdownGrace = TimeSpan.FromSeconds(2),
        };
        var stop = new CancellationTokenSource();
        var agent = new WorkerAgent(configure?.Invoke(options) ?? options, e => Events.Enqueue($"{e.At:HH:mm:ss.fff} [{hostname}] {e.Kind}: {e.Message}"));
        var run = Task.Run(() => agent.RunAsync(stop.Token));
        _workers.Add((agent, stop, run));
        return agent;
    }

    public string EventLog => string.Join('\n', Events);

    // --- HTTP ------------------------------------------------------------------------------

    public async Task<JsonNode> GetJson(string path)
    {
        using var response = await Http.GetAsync(path);
        return await Read(response, HttpStatusCode.OK);
    }

    public async Task<string> GetText(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>Sends <paramref name="body"/> as JSON, as the operator unless <paramref name="caller"/> is given.</summary>
    public async Task<JsonNode> Send(HttpMethod method, string path, object body, HttpStatusCode expected, HttpClient? caller = null)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        using var response = await (caller ?? Http).SendAsync(request);
        return await Read(response, expected);
    }

    /// <summary>A client holding a new submitter token (<c>POST /tokens</c> as the operator), as an artist's tool does.</summary>
    public async Task<HttpClient> SubmitterClient(string name)
    {
        var token = await Send(HttpMethod.Post, "/tokens", new { name, role = "submitter" }, HttpStatusCode.Created);
        var client = new HttpClient { BaseAddress = Manager.BaseAddress, Timeout = Http.Timeout }.Authorize((string)token["token"]!);
        _clients.Add(client);
        return client;
    }

    /// <summary>POST /tasks for a blender_render task; answers its id.</summary>
    public async Task<long> SubmitRender(object settings, int priority = 0)
    {
        var task = await Send(HttpMethod.Post, "/tasks", new
        {
            type = "blender_render",
            priority,
            settings = JsonSerializer.Serialize(settings),
        }, HttpStatusCode.Accepted);
        Assert.Equal("queued", (string?)task["status"]);
        return (long)task["id"]!;
    }

    private static async Task<JsonNode> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return response.StatusCode == HttpStatusCode.NoContent || text.Length == 0
            ? JsonValue.Create(true)
            : JsonNode.Parse(text) ?? throw new InvalidOperationException("JSON null");
    }

    /// <summary>
    /// Polls <paramref name="probe"/> every 100 ms until it answers non-null, at most
    /// <paramref name="bound"/>; then fails with <paramref name="what"/>, the last thing seen and the workers' events.
    /// </summary>
    public Task<T> Until<T>(string what, TimeSpan bound, Func<Task<(T? Value, string Seen)>> probe) where T : class =>
        Wait.For(async () =>
        {
            var answer = await probe();
            if (answer.Value is null)
                foreach (var (_, _, run) in _workers)
                    if (run.IsFaulted)
                        await run; // surface a crashed agent
            return answer;
        }, bound, what, () => $"Worker events:\n{EventLog}", TimeSpan.FromMilliseconds(100));

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, stop, _) in _workers)
            stop.Cancel();
        foreach (var (agent, stop, run) in _workers)
        {
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // a test failure already tells the story; shutting down must not hide it
            }
            agent.Dispose();
            stop.Dispose();
        }
        foreach (var client in _clients)
            client.Dispose();
        await Manager.DisposeAsync();
        _root.Dispose();
    }
}
