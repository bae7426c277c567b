using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>A worker enrolled with the enrollment token: its id, host name and its own credential.</summary>
public sealed record EnrolledWorker(long Id, string Hostname, string Token);

/// <summary>A token created with POST /tokens: its id and its secret.</summary>
public sealed record IssuedToken(long Id, string Token);

/// <summary>
/// One Manager for the authorization tests of a class (authentication on, the test run's operator and enrollment
/// tokens), with a client per credential and the callers they need: a submitter, a revoked token, enrolled workers
/// and the tasks they hold.
/// </summary>
public class AuthScene : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-auth");
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

    public ManagerApp App { get; private set; } = null!;

    /// <summary>The operator (the test manager's client sends the operator token).</summary>
    public HttpClient Operator => App.Client;

    public HttpClient Enrollment => Bearer(TestTokens.Enrollment);

    /// <summary>A client without an Authorization header.</summary>
    public HttpClient Anonymous => WithAuthorization(null);

    public IssuedToken Submitter { get; private set; } = null!;

    /// <summary>A submitter token that was created and then revoked.</summary>
    public IssuedToken Revoked { get; private set; } = null!;

    /// <summary>Extra configuration of this scene's manager (none: authentication on with the test run's tokens).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Services that replace the manager's own in this scene (none).</summary>
    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services => null;

    public async Task InitializeAsync()
    {
        App = await ManagerApp.StartAsync(_dir.Path, Settings, Services);
        Submitter = await CreateToken("submitter");
        Revoked = await CreateToken("submitter");
        await (await Operator.DeleteAsync($"/tokens/{Revoked.Id}")).Expect(HttpStatusCode.NoContent);
    }

    /// <summary>A client that sends <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public HttpClient Bearer(string token) => WithAuthorization($"Bearer {token}");

    /// <summary>A client that sends this Authorization header as it is (null: none).</summary>
    public HttpClient WithAuthorization(string? header) => _clients.GetOrAdd(header ?? "", h =>
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (h.Length > 0) Assert.True(client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", h));
        return client;
    });

    /// <summary>POST /tokens as the operator (201).</summary>
    public async Task<IssuedToken> CreateToken(string role)
    {
        var body = new JsonObject { ["name"] = HttpApi.Unique(role), ["role"] = role }.ToJsonString();
        var created = await (await Operator.PostJson("/tokens", body)).ExpectJson(HttpStatusCode.Created);
        return new IssuedToken((long)created["id"]!, (string)created["token"]!);
    }

    /// <summary>POST /workers with the enrollment token for a new host name: 201 and the worker's own token.</summary>
    public async Task<EnrolledWorker> EnrollWorker(string? hostname = null)
    {
        var entry = await Enrollment.Register(hostname ?? HttpApi.Unique("render"));
        var token = (string?)entry["token"];
        Assert.False(string.IsNullOrEmpty(token), $"an enrollment answered no token: {entry}");
        return new EnrolledWorker((long)entry["id"]!, (string)entry["hostname"]!, token!);
    }

    /// <summary>
    /// Submits a task as the operator and lets the worker claim work with its own token
    /// (<c>PATCH /workers/{id} {"status":"available"}</c>); answers the task it now holds.
    /// </summary>
    public async Task<long> HoldTask(EnrolledWorker worker)
    {
        await Operator.Submit();
        var held = await Bearer(worker.Token).Poll(worker.Id);
        Assert.True(held is not null, $"worker {worker.Id} got no task although one is queued");
        var task = await Operator.GetTask(held!.Value);
        Assert.Equal("rendering", (string?)task["status"]);
        Assert.Equal(worker.Id, (long?)task["worker_id"]);
        return held.Value;
    }

    /// <summary>
    /// Submits a job of high priority as the operator and lets the worker claim work through <paramref name="client"/>
    /// (its own token, or the operator acting for it); answers the job's task it now holds and that task's assignment.
    /// </summary>
    public async Task<(long TaskId, long Assignment)> HoldJobTask(HttpClient client, long workerId)
    {
        await Operator.SubmitJob(HttpApi.JobBody(frames: "1", priority: 1000));
        var held = await client.Poll(workerId);
        Assert.True(held is not null, $"worker {workerId} got no task although a job's task is queued");
        var task = await Operator.GetTask(held!.Value);
        Assert.True(task["job_id"] is not null, $"worker {workerId} got task {held} of no job: {task}");
        return (held.Value, (long)task["assignment"]!);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
