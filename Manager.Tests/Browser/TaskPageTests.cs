using System.Net;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>
/// The task page (#task/{id}) in Debian's chromium against a real manager: the log tail grows as the holder sends
/// chunks (no reload), follows the end unless the reader scrolled up; the history, the commands and the full log; a
/// refused action shows the API's problem details.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    private ILocator Tail => Page.Locator("#task pre.log");

    [Fact]
    public async Task The_log_tail_grows_while_the_task_streams_output_and_the_history_lists_the_status_changes()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var name = HttpApi.Unique("shot");
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "7", name: name)))["id"]!;
        var taskId = (await Api.JobTaskIds(jobId)).Single();
        await Session.OpenHashAsync($"#task/{taskId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Task {taskId}", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#task dl.fields").GetByRole(AriaRole.Link, new() { Name = name })).ToHaveAttributeAsync("href", $"#job/{jobId}");
        await Expect(Page.Locator("#task .command pre")).ToContainTextAsync("blender -b -Y /srv/shot.blend");
        await Page.EvaluateAsync("() => { window.stillTheSamePage = true; }");

        // The test is the worker holding the task: it sends its output chunk by chunk, lines no parser reads.
        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        Assert.Equal(taskId, await Api.Poll(workerId));
        var assignment = await Api.Token(taskId);
        await Expect(Page.Locator("#task dl.fields")).ToContainTextAsync("rendering");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, log: $"streamed line {i}\n"));
            await Expect(Tail).ToContainTextAsync($"streamed line {i}");
        }
        await Expect(Tail).ToHaveTextAsync("streamed line 1\nstreamed line 2\nstreamed line 3\n");

        // A tail longer than the box: it shows the end; scrolled up, it stays where the reader put it.
        var many = string.Concat(Enumerable.Range(1, 60).Select(n => $"block line {n}\n"));
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, log: many));
        await Expect(Tail).ToContainTextAsync("block line 60");
        Assert.True(await ShowsTheEnd(), "the tail does not show its end");
        await Tail.EvaluateAsync("pre => { pre.scrollTop = 0; }");
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, log: "after scrolling up\n"));
        await Expect(Tail).ToContainTextAsync("after scrolling up");
        Assert.Equal(0, await Tail.EvaluateAsync<double>("pre => pre.scrollTop"));

        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, assignment, status: "completed"));
        await Expect(Page.Locator("#task dl.fields")).ToContainTextAsync("completed");
        var history = Page.GetByRole(AriaRole.Table, new() { Name = "History" }).Locator("tbody tr");
        await Expect(history.Locator("td:nth-child(3)")).ToHaveTextAsync(["queued", "rendering", "completed"]);
        await Expect(history.Nth(1).Locator("td:nth-child(2)")).ToHaveTextAsync($"worker:{workerId}");
        Assert.True(await Page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");
        await Session.ScreenshotAsync("task");
        await Session.ExpectAccessibleAsync();

        var fullLog = await Page.RunAndWaitForPopupAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Full log" }).ClickAsync());
        await Expect(fullLog.Locator("body")).ToContainTextAsync("streamed line 1");
        await Expect(fullLog.Locator("body")).ToContainTextAsync("after scrolling up");
        Assert.StartsWith("blob:", fullLog.Url);
        Assert.Empty(Session.ConsoleErrors);
    }

    [Fact]
    public async Task A_refused_action_shows_the_problem_details()
    {
        await Api.Setting("task_max_attempts", 1);
        await Session.SignInAsync(TestTokens.Operator);
        var jobId = (long)(await Api.SubmitJob(HttpApi.JobBody(frames: "1-2", name: HttpApi.Unique("shot"))))["id"]!;
        var taskIds = await Api.JobTaskIds(jobId);
        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        Assert.Equal(taskIds[0], await Api.Poll(workerId));
        // The first task fails: half the job failed (≥ job_fail_percent), so the job fails and cancels the second.
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskIds[0], workerId, await Api.Token(taskIds[0]), status: "failed"));

        await Session.OpenHashAsync($"#task/{taskIds[1]}");
        await Expect(Page.Locator("#task dl.fields")).ToContainTextAsync("canceled");
        await Page.GetByRole(AriaRole.Group, new() { Name = "Task actions" }).GetByRole(AriaRole.Button, new() { Name = "Render again" }).ClickAsync();
        var banner = Page.Locator("#action-error");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync($"Render again task {taskIds[1]}:");
        await Expect(banner).ToContainTextAsync("PATCH /jobs/");
    }

    private Task<bool> ShowsTheEnd() =>
        Tail.EvaluateAsync<bool>("pre => pre.scrollHeight > pre.clientHeight && pre.scrollHeight - pre.scrollTop - pre.clientHeight < 8");
}
