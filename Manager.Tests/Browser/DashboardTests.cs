using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>
/// The dashboard in Debian's chromium against a real manager with authentication on: each test starts its own manager,
/// acts through the page or the API (simulated workers), and waits with Playwright's expectations, never with sleeps.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dashboard");
    private ManagerApp? _app;
    private DashboardSession _session = null!;

    private HttpClient Api => _app!.Client;
    private IPage Page => _session.Page;

    public async Task InitializeAsync()
    {
        _app = await ManagerApp.StartAsync(_dir.Path);
        _session = await DashboardSession.OpenAsync(chromium, _app);
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_operator_signs_in_and_sees_a_registered_worker_appear_live()
    {
        await _session.ScreenshotAsync("sign-in");
        await _session.ExpectAccessibleAsync();
        await _session.SignInAsync(TestTokens.Operator);
        await Expect(Page.Locator("#who")).ToContainTextAsync("(operator)");
        await _session.GoToAsync("Workers");

        var hostname = HttpApi.Unique("render");
        await Api.RegisterId(hostname);

        var row = _session.Row(hostname);
        await Expect(row).ToContainTextAsync("online");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Disable" })).ToBeVisibleAsync();
        await _session.ExpectAccessibleAsync();

        await _session.GoToAsync("Overview");
        await Expect(Page.Locator("#workers-summary dd[data-count=online]")).ToHaveTextAsync("1");
        await _session.ExpectAccessibleAsync();
        Assert.Empty(_session.ConsoleErrors);
    }

    [Fact]
    public async Task A_job_s_progress_bar_reaches_100_percent_as_workers_complete_its_tasks()
    {
        var name = await SubmitJobWithTheJobsPageOpen("1-3");
        var progress = _session.Row(name).GetByRole(AriaRole.Progressbar);
        await Expect(progress).ToHaveAttributeAsync("value", "0");

        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        await CompleteNextTask(workerId);
        await Expect(progress).ToHaveAttributeAsync("value", "33");
        await _session.ScreenshotAsync("jobs");
        await _session.ExpectAccessibleAsync();

        await CompleteNextTask(workerId);
        await CompleteNextTask(workerId);
        await Expect(progress).ToHaveAttributeAsync("value", "100");
        await Expect(_session.Row(name)).ToContainTextAsync("100 %");
        await Expect(_session.Row(name)).ToContainTextAsync("completed");
        await Expect(_session.Row(name)).ToContainTextAsync("3 / 3");
    }

    [Fact]
    public async Task Canceling_a_job_from_the_page_makes_its_worker_s_next_update_409()
    {
        var name = await SubmitJobWithTheJobsPageOpen("1-2");
        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        var taskId = (await Api.Poll(workerId))!.Value;
        var assignment = await Api.Token(taskId);
        var row = _session.Row(name);
        await Expect(row).ToContainTextAsync("active");

        // From the keyboard: focus the row's Cancel button, Enter, then confirm in the dialog.
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(name);
        await _session.ScreenshotAsync("jobs-cancel-confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("canceled");

        Assert.Equal(HttpStatusCode.Conflict, await Api.WorkerUpdate(taskId, workerId, assignment, status: "rendering"));
    }

    [Fact]
    public async Task A_submitter_does_not_see_operator_actions()
    {
        var submitter = await CreateToken("submitter");
        var hostname = HttpApi.Unique("render");
        await Api.RegisterId(hostname);
        var operatorsJob = HttpApi.Unique("operator-shot");
        await Api.SubmitJob(HttpApi.JobBody(name: operatorsJob));
        using var asSubmitter = new HttpClient { BaseAddress = _app!.BaseAddress }.Authorize(submitter);
        var ownJob = HttpApi.Unique("own-shot");
        await asSubmitter.SubmitJob(HttpApi.JobBody(name: ownJob));

        await _session.SignInAsync(submitter);
        await _session.GoToAsync("Workers");
        await Expect(_session.Row(hostname)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Disable" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToHaveCountAsync(0);

        await _session.GoToAsync("Jobs");
        await Expect(_session.Row(ownJob).GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await Expect(_session.Row(operatorsJob)).ToBeVisibleAsync();
        await Expect(_session.Row(operatorsJob).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await _session.ScreenshotAsync("jobs-as-submitter");
        await _session.ExpectAccessibleAsync();
    }

    [Fact]
    public async Task A_lost_connection_is_shown()
    {
        await _session.SignInAsync(TestTokens.Operator);
        var banner = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Connection to the manager lost" });
        await Expect(banner).ToBeHiddenAsync();

        await _app!.DisposeAsync(); // the manager stops: its stream ends and reconnecting fails
        _app = null;
        await Expect(banner).ToBeVisibleAsync();
        await _session.ScreenshotAsync("connection-lost");
    }

    /// <summary>The operator signs in and opens the jobs page; then a job of <paramref name="frames"/> is submitted through the API. Answers its name.</summary>
    private async Task<string> SubmitJobWithTheJobsPageOpen(string frames)
    {
        await _session.SignInAsync(TestTokens.Operator);
        await _session.GoToAsync("Jobs");
        var name = HttpApi.Unique("shot");
        await Api.SubmitJob(HttpApi.JobBody(frames: frames, name: name));
        return name;
    }

    /// <summary>A simulated worker: claims the next task and reports it completed (the operator acts for it).</summary>
    private async Task CompleteNextTask(long workerId)
    {
        var taskId = await Api.Poll(workerId) ?? throw new InvalidOperationException("no task to claim");
        var assignment = await Api.Token(taskId);
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, status: "completed"));
    }

    private async Task<string> CreateToken(string role)
    {
        var body = new JsonObject { ["name"] = HttpApi.Unique(role), ["role"] = role }.ToJsonString();
        return (string)(await (await Api.PostJson("/tokens", body)).ExpectJson(HttpStatusCode.Created))["token"]!;
    }
}
