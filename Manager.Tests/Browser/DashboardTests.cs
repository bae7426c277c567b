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
public sealed class DashboardTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    [Fact]
    public async Task An_operator_signs_in_and_sees_a_registered_worker_appear_live()
    {
        await Session.ScreenshotAsync("sign-in");
        await Session.ExpectAccessibleAsync();
        await Session.SignInAsync(TestTokens.Operator);
        await Expect(Page.Locator("#who")).ToContainTextAsync("(operator)");
        await Session.GoToAsync("Workers");

        var hostname = HttpApi.Unique("render");
        await Api.RegisterId(hostname);

        var row = Session.Row(hostname);
        await Expect(row).ToContainTextAsync("online");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Disable" })).ToBeVisibleAsync();
        await Session.ExpectAccessibleAsync();

        await Session.GoToAsync("Overview");
        await Expect(Page.Locator("#workers-summary dd[data-count=online]")).ToHaveTextAsync("1");
        await Session.ExpectAccessibleAsync();
        Assert.Empty(Session.ConsoleErrors);
    }

    [Fact]
    public async Task A_job_s_progress_bar_reaches_100_percent_as_workers_complete_its_tasks()
    {
        var name = await SubmitJobWithTheJobsPageOpen("1-3");
        var progress = Session.Row(name).GetByRole(AriaRole.Progressbar);
        await Expect(progress).ToHaveAttributeAsync("value", "0");

        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        await CompleteNextTask(workerId);
        await Expect(progress).ToHaveAttributeAsync("value", "33");
        await Session.ScreenshotAsync("jobs");
        await Session.ExpectAccessibleAsync();

        await CompleteNextTask(workerId);
        await CompleteNextTask(workerId);
        await Expect(progress).ToHaveAttributeAsync("value", "100");
        await Expect(Session.Row(name)).ToContainTextAsync("100 %");
        await Expect(Session.Row(name)).ToContainTextAsync("completed");
        await Expect(Session.Row(name)).ToContainTextAsync("3 / 3");
    }

    [Fact]
    public async Task Canceling_a_job_from_the_page_makes_its_worker_s_next_update_409()
    {
        var name = await SubmitJobWithTheJobsPageOpen("1-2");
        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        var taskId = (await Api.Poll(workerId))!.Value;
        var assignment = await Api.Token(taskId);
        var row = Session.Row(name);
        await Expect(row).ToContainTextAsync("active");

        // From the keyboard: focus the row's Cancel button, Enter, then confirm in the dialog.
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(name);
        await Session.ScreenshotAsync("jobs-cancel-confirmation");
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
        using var asSubmitter = ClientWith(submitter);
        var ownJob = HttpApi.Unique("own-shot");
        await asSubmitter.SubmitJob(HttpApi.JobBody(name: ownJob));

        await Session.SignInAsync(submitter);
        await Session.GoToAsync("Workers");
        await Expect(Session.Row(hostname)).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Disable" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Enable" })).ToHaveCountAsync(0);

        await Session.GoToAsync("Jobs");
        await Expect(Session.Row(ownJob).GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await Expect(Session.Row(operatorsJob)).ToBeVisibleAsync();
        await Expect(Session.Row(operatorsJob).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Session.ScreenshotAsync("jobs-as-submitter");
        await Session.ExpectAccessibleAsync();
    }

    [Fact]
    public async Task A_lost_connection_is_shown()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var banner = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Connection to the manager lost" });
        await Expect(banner).ToBeHiddenAsync();

        await StopManagerAsync(); // the manager stops: its stream ends and reconnecting fails
        await Expect(banner).ToBeVisibleAsync();
        await Session.ScreenshotAsync("connection-lost");
    }

    /// <summary>The operator signs in and opens the jobs page; then a job of <paramref name="frames"/> is submitted through the API. Answers its name.</summary>
    private async Task<string> SubmitJobWithTheJobsPageOpen(string frames)
    {
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Jobs");
        var name = HttpApi.Unique("shot");
        await Api.SubmitJob(HttpApi.JobBody(frames: frames, name: name));
        return name;
    }
}
