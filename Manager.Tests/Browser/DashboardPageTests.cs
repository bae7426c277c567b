using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Microsoft.Playwright;

namespace Manager.Tests.Browser;

/// <summary>
/// What the tests of one dashboard page share: a manager of their own (authentication on) and one browser tab on it, and
/// the API calls they set the farm up with.
/// </summary>
public abstract class DashboardPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dashboard");
    private ManagerApp? _app;

    protected ChromiumFixture Chromium => chromium;
    protected ManagerApp App => _app!;
    protected HttpClient Api => _app!.Client;
    protected DashboardSession Session { get; private set; } = null!;
    protected IPage Page => Session.Page;

    public async Task InitializeAsync()
    {
        _app = await ManagerApp.StartAsync(_dir.Path);
        Session = await DashboardSession.OpenAsync(chromium, _app);
    }

    public async Task DisposeAsync()
    {
        await Session.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Stops the manager now (the tab stays): what a page shows when its manager is gone.</summary>
    protected async Task StopManagerAsync()
    {
        await _app!.DisposeAsync();
        _app = null;
    }

    /// <summary>A token made with POST /tokens; answers its secret.</summary>
    protected async Task<string> CreateToken(string role, string? name = null)
    {
        var body = new JsonObject { ["name"] = name ?? HttpApi.Unique(role), ["role"] = role }.ToJsonString();
        return (string)(await (await Api.PostJson("/tokens", body)).ExpectJson(HttpStatusCode.Created))["token"]!;
    }

    /// <summary>A client of the API with <paramref name="token"/>.</summary>
    protected HttpClient ClientWith(string token) => new HttpClient { BaseAddress = App.BaseAddress }.Authorize(token);

    /// <summary>A simulated worker: claims the next task and reports it completed (the operator acts for it).</summary>
    protected async Task CompleteNextTask(long workerId)
    {
        var taskId = await Api.Poll(workerId) ?? throw new InvalidOperationException("no task to claim");
        var assignment = await Api.Token(taskId);
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, status: "completed"));
    }
}
