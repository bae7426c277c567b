using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Manager.Worker;

namespace Manager.Tests.Worker;

public class ManagerClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private static readonly RetryPolicy Fast = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
    private static readonly Uri Base = new("http://manager.test/");

    /// <summary>Answers each request with a function of its sequence number; records the bodies.</summary>
    private sealed class StubHandler(Func<int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        private int _calls;
        public ConcurrentQueue<(string Method, string Path, string? Body)> Requests { get; } = new();
        public ConcurrentQueue<string?> Authorizations { get; } = new();
        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var n = Interlocked.Increment(ref _calls) - 1;
            Authorizations.Enqueue(request.Headers.Authorization?.ToString());
            Requests.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, request.Content is null ? null : await request.Content.ReadAsStringAsync(ct)));
            return await respond(n, ct);
        }
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? json = null, string mediaType = "application/json") =>
        new(status) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, mediaType) };

    [Fact]
    public async Task A_refusing_then_failing_manager_is_retried_until_it_answers()
    {
        var port = LoopbackHttpServer.FreePort(); // nothing listens yet: connections are refused
        var events = new ConcurrentQueue<WorkerEvent>();
        var unreachable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new ManagerClient(new Uri($"http://127.0.0.1:{port}/"), Fast, e =>
        {
            events.Enqueue(e);
            if (e.Kind == WorkerEventKind.ManagerUnreachable)
                unreachable.TrySetResult();
        });

        var register = client.RegisterAsync(new RegisterRequest { Hostname = "render-01", System = "Linux 6.1.0", Tags = ["gpu"] }, null, CancellationToken.None);
        await unreachable.Task.WaitAsync(Bound);
        Assert.False(register.IsCompleted);

        // The manager comes up, fails once with a 500, then registers the worker.
        await using var server = new LoopbackHttpServer(port, (n, _) => n == 0
            ? (500, """{"title":"starting"}""")
            : (201, """{"render-01":{"id":5,"hostname":"render-01","status":"enabled","connection":"online"}}"""));
        var worker = await register.WaitAsync(Bound);

        Assert.Equal(5, worker.Id);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(("POST", "/workers"), (r.Method, r.Path)));
        using var body = JsonDocument.Parse(server.Requests[^1].Body);
        Assert.Equal("render-01", body.RootElement.GetProperty("hostname").GetString());
        Assert.Equal("Linux 6.1.0", body.RootElement.GetProperty("system").GetString());
        Assert.Equal("gpu", body.RootElement.GetProperty("tags")[0].GetString());
        Assert.False(body.RootElement.TryGetProperty("supported_types", out _)); // null: not sent

        Assert.Contains(events, e => e.Kind == WorkerEventKind.ManagerReachable);
        Assert.True(client.TakeReconnected());
        Assert.False(client.TakeReconnected());
    }

    [Fact]
    public async Task Server_errors_are_retried_and_the_answer_is_read()
    {
        var handler = new StubHandler((n, _) => Task.FromResult(n switch
        {
            0 => Answer(HttpStatusCode.ServiceUnavailable),
            1 => Answer(HttpStatusCode.BadGateway),
            2 => Answer(HttpStatusCode.InternalServerError, """{"title":"oops"}""", "application/problem+json"),
            _ => Answer(HttpStatusCode.OK, """{"task_id": 7}"""),
        }));
        using var client = new ManagerClient(Base, Fast, handler: handler);

        var update = new WorkerUpdate
        {
            Status = "available",
            MacAddress = 158929712651,
            UpdateFrequent = new FrequentStats { LoadAverage = new LoadAverage(2.18, 2.11, 2.18), WorkerCpuPercent = 7.0 },
        };
        var reply = await client.UpdateWorkerAsync(3, update, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(7, reply!.TaskId);
        Assert.Equal(4, handler.Calls);
        var (method, path, json) = handler.Requests.Last();
        Assert.Equal(("PATCH", "/workers/3"), (method, path));
        using var body = JsonDocument.Parse(json!);
        Assert.Equal("available", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(158929712651, body.RootElement.GetProperty("mac_address").GetInt64());
        Assert.Equal(2.18, body.RootElement.GetProperty("update_frequent").GetProperty("load_average").GetProperty("1min").GetDouble());
        Assert.Equal(7.0, body.RootElement.GetProperty("update_frequent").GetProperty("worker_cpu_percent").GetDouble());
        Assert.False(body.RootElement.TryGetProperty("update_less_frequent", out _));
    }

    [Fact]
    public async Task An_attempt_that_hangs_times_out_and_is_retried()
    {
        var handler = new StubHandler(async (n, ct) =>
        {
            if (n == 0)
                await Task.Delay(Timeout.Infinite, ct); // ends only when the attempt's timeout cancels it
            return Answer(HttpStatusCode.OK, """{"task_id": null}""");
        });
        using var client = new ManagerClient(Base, Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(100) }, handler: handler);

        var reply = await client.UpdateWorkerAsync(3, new WorkerUpdate { Status = "available" }, CancellationToken.None).WaitAsync(Bound);

        Assert.Null(reply!.TaskId);
        Assert.Equal(2, handler.Calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, TaskUpdateResult.Accepted)]
    [InlineData(HttpStatusCode.Conflict, TaskUpdateResult.Conflict)]
    [InlineData(HttpStatusCode.NotFound, TaskUpdateResult.NotFound)]
    [InlineData(HttpStatusCode.UnprocessableEntity, TaskUpdateResult.Rejected)]
    public async Task Task_updates_are_not_retried_on_answers_that_retrying_cannot_change(HttpStatusCode status, TaskUpdateResult expected)
    {
        var handler = new StubHandler((_, _) => Task.FromResult(status == HttpStatusCode.NoContent
            ? Answer(status)
            : Answer(status, """{"type":"about:blank","title":"Conflict","status":409,"detail":"task 4 was canceled"}""", "application/problem+json")));
        using var client = new ManagerClient(Base, Fast, handler: handler);

        var outcome = await client.UpdateTaskAsync(4, new TaskUpdate { WorkerId = 3, Log = "Fra:1\n" }, CancellationToken.None);

        Assert.Equal(expected, outcome.Result);
        Assert.Equal(1, handler.Calls);
        if (expected != TaskUpdateResult.Accepted)
            Assert.Contains("task 4 was canceled", outcome.Detail);
        var body = JsonDocument.Parse(handler.Requests.Single().Body!).RootElement;
        Assert.Equal(3, body.GetProperty("worker_id").GetInt64());
        Assert.Equal("Fra:1\n", body.GetProperty("log").GetString());
        Assert.False(body.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task An_unknown_worker_is_reported_as_null_not_retried()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Answer(HttpStatusCode.NotFound, """{"title":"Not Found","status":404}""")));
        using var client = new ManagerClient(Base, Fast, handler: handler);

        Assert.Null(await client.UpdateWorkerAsync(9, new WorkerUpdate { Status = "rendering" }, CancellationToken.None));
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task A_rejected_registration_is_an_error_with_the_managers_reason()
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Answer(HttpStatusCode.UnprocessableEntity,
            """{"title":"Validation failed","status":422,"detail":"hostname is not an RFC 1123 host name"}""", "application/problem+json")));
        using var client = new ManagerClient(Base, Fast, handler: handler);

        var e = await Assert.ThrowsAsync<ManagerRequestException>(() =>
            client.RegisterAsync(new RegisterRequest { Hostname = "x", System = "Linux 6.1.0" }, null, CancellationToken.None));

        Assert.Equal(422, e.StatusCode);
        Assert.Contains("RFC 1123", e.Message);
    }

    [Theory]
    [InlineData("""{"render-01":{"id":5,"hostname":"render-01","token":"w-secret"}}""")]
    [InlineData("""{"render-01":{"id":5,"hostname":"render-01"},"token":"w-secret"}""")]
    public async Task Registration_shows_the_given_token_and_reads_the_workers_new_one(string answer)
    {
        var handler = new StubHandler((_, _) => Task.FromResult(Answer(HttpStatusCode.Created, answer)));
        using var client = new ManagerClient(Base, Fast, handler: handler) { BearerToken = "old" };

        var worker = await client.RegisterAsync(new RegisterRequest { Hostname = "render-01", System = "Linux" }, "enroll-secret", CancellationToken.None);

        Assert.Equal((5, "w-secret"), (worker.Id, worker.Token));
        Assert.Equal("Bearer enroll-secret", Assert.Single(handler.Authorizations));
    }

    [Fact]
    public async Task Every_other_request_carries_the_bearer_token_and_a_401_is_a_refused_credential_not_retried()
    {
        var handler = new StubHandler((n, _) =>
        {
            var answer = Answer(HttpStatusCode.Unauthorized, """{"title":"Unauthorized","status":401,"detail":"token revoked"}""", "application/problem+json");
            answer.Headers.WwwAuthenticate.ParseAdd("Bearer");
            return Task.FromResult(n == 0 ? Answer(HttpStatusCode.OK, """{"task_id": null}""") : answer);
        });
        using var client = new ManagerClient(Base, Fast, handler: handler) { BearerToken = "w-secret" };

        await client.UpdateWorkerAsync(5, new WorkerUpdate { Status = "available" }, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<CredentialRefusedException>(() =>
            client.UpdateTaskAsync(4, new TaskUpdate { WorkerId = 5, Assignment = 9, Log = "x\n", LogSeq = 1 }, CancellationToken.None));

        Assert.Equal("token revoked", refused.Detail);
        Assert.Equal(2, handler.Calls);
        Assert.All(handler.Authorizations, a => Assert.Equal("Bearer w-secret", a));
        var body = JsonDocument.Parse(handler.Requests.Last().Body!).RootElement;
        Assert.Equal((9, 1), (body.GetProperty("assignment").GetInt64(), body.GetProperty("log_seq").GetInt64()));
    }

    [Fact]
    public async Task Canceling_ends_the_retries()
    {
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StubHandler((_, _) => throw new HttpRequestException("Connection refused"));
        using var cts = new CancellationTokenSource();
        using var client = new ManagerClient(Base, Fast, e => { if (e.Kind == WorkerEventKind.ManagerUnreachable) failing.TrySetResult(); }, handler);

        var call = client.GetTaskAsync(1, cts.Token);
        await failing.Task.WaitAsync(Bound);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Bound));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var policy = RetryPolicy.Default;

        Assert.Equal([0.2, 0.4, 0.8, 1.6, 3.2, 5, 5], Enumerable.Range(1, 7).Select(a => Math.Round(policy.Delay(a).TotalSeconds, 3)));
        Assert.Equal(5, policy.Delay(int.MaxValue).TotalSeconds);
        Assert.InRange(RetryPolicy.Spread(TimeSpan.FromSeconds(1), 0).TotalSeconds, 0.79, 0.81);
        Assert.InRange(RetryPolicy.Spread(TimeSpan.FromSeconds(1), 1).TotalSeconds, 1.19, 1.21);
    }
}
