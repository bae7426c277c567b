using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>
/// The job page (#job/{id}) in Debian's chromium against a real manager: its tasks follow the farm live, its actions
/// follow the role, its last frame reads "No frame yet" before there is one, and a deleted job shows that it is gone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{

    [Fact]
    public async Task The_job_page_lists_its_tasks_with_previews_marked_and_a_task_turns_completed_live()
    {
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Jobs");
        var name = HttpApi.Unique("shot");
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-3", previewFirst: true, step: 2, name: name)))["id"]!;
        var taskIds = await Api.JobTaskIds(jobId); // previews 1 and 3, then 2

        await Page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Job {name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page).ToHaveTitleAsync($"Job {jobId} · Render farm");
        await Expect(Page.Locator("#pages a[aria-current]")).ToHaveCountAsync(0);
        var fields = Page.Locator("#job dl.fields");
        await Expect(fields).ToContainTextAsync("Owner");
        await Expect(fields).ToContainTextAsync("0 / 3");
        await Expect(Page.Locator("#job tbody tr")).ToHaveCountAsync(3);
        await Expect(TaskRow(taskIds[0]).Locator(".badge")).ToHaveTextAsync("preview");
        await Expect(TaskRow(taskIds[1]).Locator(".badge")).ToHaveTextAsync("preview");
        await Expect(TaskRow(taskIds[2]).Locator(".badge")).ToHaveCountAsync(0);
        await Expect(TaskRow(taskIds[2])).ToContainTextAsync("queued");

        // No frame yet: the route answers 404, which the page shows as such, not as a failed action.
        await Expect(Page.GetByRole(AriaRole.Figure, new() { Name = "Last rendered frame" })).ToContainTextAsync("No frame yet");
        await Expect(Page.Locator("#action-error")).ToBeHiddenAsync();

        var hostname = HttpApi.Unique("render");
        var workerId = await Api.RegisterId(hostname);
        var taskId = (await Api.Poll(workerId))!.Value;
        Assert.Equal(taskIds[0], taskId);
        await Expect(TaskRow(taskId)).ToContainTextAsync("rendering");
        await Expect(TaskRow(taskId)).ToContainTextAsync(hostname);
        await Api.PatchTask(taskId, $$"""{"worker_id":{{workerId}},"status":"completed","time_cost":42}""");
        await Expect(TaskRow(taskId).GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("completed");
        await Expect(TaskRow(taskId).GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("42 s");
        await Expect(fields).ToContainTextAsync("1 / 3");
        await Session.ScreenshotAsync("job");
        await Session.ExpectAccessibleAsync();
        Assert.DoesNotContain(Session.ConsoleErrors, e => !e.Contains("404")); // the browser logs the last frame's 404 itself
    }

    [Fact]
    public async Task From_the_keyboard_a_job_is_paused_and_a_task_link_opens_the_task_page_and_back_returns()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var layout = HttpApi.Unique("layout");
        var layoutId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1", name: layout)))["id"]!;
        var name = HttpApi.Unique("shot");
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-2", name: name, dependsOn: [layoutId])))["id"]!;
        var taskIds = await Api.JobTaskIds(jobId);
        await Session.OpenHashAsync($"#job/{jobId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Job {name}", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#job dl.fields").GetByRole(AriaRole.Link, new() { Name = layout })).ToHaveAttributeAsync("href", $"#job/{layoutId}");

        var pause = Page.GetByRole(AriaRole.Group, new() { Name = "Job actions" }).GetByRole(AriaRole.Button, new() { Name = "Pause" });
        await Session.TabToAsync(pause);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#job dl.fields")).ToContainTextAsync("paused");
        Assert.Equal("paused", (string)(await Api.GetJob(jobId))["status"]!);

        var link = Page.GetByRole(AriaRole.Link, new() { Name = $"Task {taskIds[1]}", Exact = true });
        await Session.TabToAsync(link);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Task {taskIds[1]}", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page).ToHaveTitleAsync($"Task {taskIds[1]} · Render farm");

        await Page.GoBackAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Job {name}", Level = 1 })).ToBeVisibleAsync();
        await Page.GoForwardAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Task {taskIds[1]}", Level = 1 })).ToBeVisibleAsync();
        await Session.GoToAsync("Jobs");
        await Expect(Page.Locator("#pages a[aria-current=page]")).ToHaveTextAsync("Jobs");
    }

    /// <summary>A part of the page drawn again (the job changed) keeps the keyboard focus on the link or button that looks the same.</summary>
    [Fact]
    public async Task A_focused_link_keeps_the_focus_when_the_job_s_fields_are_drawn_again()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var layout = HttpApi.Unique("layout");
        var layoutId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1", name: layout)))["id"]!;
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-2", name: HttpApi.Unique("shot"), dependsOn: [layoutId])))["id"]!;
        await Session.OpenHashAsync($"#job/{jobId}");
        var fields = Page.Locator("#job dl.fields");
        var dependency = fields.GetByRole(AriaRole.Link, new() { Name = layout });
        await Expect(dependency).ToBeVisibleAsync();
        await Session.TabToAsync(dependency);

        await (await Api.PatchJson($"/jobs/{jobId}", """{"priority":7}""")).Expect(System.Net.HttpStatusCode.NoContent);
        await Expect(fields).ToContainTextAsync("Priority7");
        Assert.True(await fields.GetByRole(AriaRole.Link, new() { Name = layout }).EvaluateAsync<bool>("element => element === document.activeElement"));
    }

    [Fact]
    public async Task A_job_of_many_tasks_shows_them_500_at_a_time()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-501", name: HttpApi.Unique("shot"))))["id"]!;
        var taskIds = await Api.JobTaskIds(jobId);
        await Session.OpenHashAsync($"#job/{jobId}");
        var pages = Page.GetByRole(AriaRole.Group, new() { Name = "Task pages" });
        await Expect(pages).ToContainTextAsync("Tasks 1–500 of 501");
        await Expect(Page.Locator("#job tbody tr")).ToHaveCountAsync(500);
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Previous tasks" })).ToBeDisabledAsync();

        await pages.GetByRole(AriaRole.Button, new() { Name = "Next tasks" }).ClickAsync();
        await Expect(pages).ToContainTextAsync("Tasks 501–501 of 501");
        await Expect(Page.Locator("#job tbody tr")).ToHaveCountAsync(1);
        await Expect(TaskRow(taskIds[500])).ToBeVisibleAsync();
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Next tasks" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task A_job_deleted_while_its_page_or_its_task_s_page_is_open_shows_that_it_is_gone()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var name = HttpApi.Unique("shot");
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1", name: name)))["id"]!;
        await Session.OpenHashAsync($"#job/{jobId}");
        await Expect(Page.Locator("#job tbody tr")).ToHaveCountAsync(1);
        await (await Api.DeleteAsync($"/jobs/{jobId}")).Expect(HttpStatusCode.Accepted);
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Job “{name}” was deleted." })).ToBeVisibleAsync();
        await Expect(Page.Locator("#job tbody tr")).ToBeHiddenAsync();

        var otherJob = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "2", name: HttpApi.Unique("shot"))))["id"]!;
        var taskId = (await Api.JobTaskIds(otherJob)).Single();
        await Session.OpenHashAsync($"#task/{taskId}");
        await Expect(Page.Locator("#task dl.fields")).ToContainTextAsync("queued");
        await (await Api.DeleteAsync($"/jobs/{otherJob}")).Expect(HttpStatusCode.Accepted);
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Task {taskId} was deleted." })).ToBeVisibleAsync();
        await Expect(Page.Locator("#task dl.fields")).ToBeHiddenAsync();

        await Session.OpenHashAsync($"#job/{jobId}"); // a link to it, later
        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"There is no job {jobId}" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_submitter_sees_no_actions_on_someone_else_s_job_or_task_and_sees_them_on_its_own()
    {
        var submitter = await CreateToken("submitter");
        var operatorsJob = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1", name: HttpApi.Unique("operator-shot"))))["id"]!;
        var operatorsTask = (await Api.JobTaskIds(operatorsJob)).Single();
        using var asSubmitter = ClientWith(submitter);
        var ownJob = (long)(await asSubmitter.SubmitJob(HttpApi.JobBody(frames: "1", name: HttpApi.Unique("own-shot"))))["id"]!;
        var ownTask = (await Api.JobTaskIds(ownJob)).Single();
        await Session.SignInAsync(submitter);

        await Session.OpenHashAsync($"#job/{ownJob}");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Job actions" }).GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await Session.OpenHashAsync($"#task/{ownTask}");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Task actions" }).GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();

        await Session.OpenHashAsync($"#job/{operatorsJob}");
        await Expect(Page.Locator("#job tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Job actions" }).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Session.OpenHashAsync($"#task/{operatorsTask}");
        await Expect(Page.Locator("#task dl.fields")).ToContainTextAsync("queued");
        await Expect(Page.GetByRole(AriaRole.Group, new() { Name = "Task actions" }).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_frame_the_holder_sends_appears_as_the_job_s_last_rendered_frame()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-2", name: HttpApi.Unique("frame"))))["id"]!;
        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        var taskId = (await Api.Poll(workerId))!.Value;

        await Page.GotoAsync($"/#job/{jobId}");
        var figure = Page.GetByRole(AriaRole.Figure, new() { Name = "Last rendered frame" });
        await Expect(figure).ToContainTextAsync("No frame yet");

        // The operator sends it for the worker (as a worker would with its own token): the page looks again every 5 s.
        await (await Api.PutJpeg(LastFrames.PutPath(taskId, workerId, await Api.Token(taskId), frame: 1), LastFrames.TinyJpeg))
            .Expect(HttpStatusCode.NoContent);

        var picture = figure.GetByRole(AriaRole.Img, new() { Name = $"Frame 1 of task {taskId}" });
        await Expect(picture).ToBeVisibleAsync();
        await Expect(picture).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        Assert.Equal(2, await picture.EvaluateAsync<int>("image => image.naturalWidth")); // the JPEG sent, decoded
        await Expect(figure).Not.ToContainTextAsync("No frame yet");
    }

    /// <summary>The row of the job page's task table whose header is the link to task <paramref name="taskId"/>.</summary>
    private ILocator TaskRow(long taskId) => Session.Row($"Task {taskId}");
}
