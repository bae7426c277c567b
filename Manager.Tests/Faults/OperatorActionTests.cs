using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>Operator actions take effect at the worker's next contact: its heartbeat answers null, its update is 409.</summary>
public class OperatorActionTests
{
    private static async Task<(ManagerApp App, TempDirectory Dir, long Worker, long Task, long Token)> Rendering()
    {
        var dir = new TempDirectory();
        var app = await ManagerApp.StartAsync(dir.Path);
        var w = await app.Client.RegisterId("render-01");
        var task = await app.Client.SubmitId();
        Assert.Equal(task, await app.Client.Poll(w));
        var token = await app.Client.Token(task);
        Assert.Equal(HttpStatusCode.NoContent, await app.Client.WorkerUpdate(task, w, token, "rendering", "Fra:1 Mem:1M\n"));
        return (app, dir, w, task, token);
    }

    [Theory]
    [InlineData("canceled")]
    [InlineData("paused")]
    [InlineData("queued")]
    public async Task Cancel_pause_or_requeue_of_a_rendering_task_stops_its_worker_at_the_next_contact(string status)
    {
        var (app, dir, w, task, token) = await Rendering();
        using var _ = dir;
        await using var __ = app;
        var c = app.Client;

        Assert.Equal(HttpStatusCode.NoContent, await c.Operator(task, $$"""{"status":"{{status}}"}"""));
        Assert.Equal(status, (string)(await c.GetTask(task))["status"]!);
        if (status != "canceled") Assert.Null((long?)(await c.GetTask(task))["worker_id"]); // nobody holds a queued or paused task
        Assert.Null(await c.Poll(w, "rendering"));
        var before = (await c.GetTask(task)).Text();
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, w, token, "rendering", "Fra:2 Mem:1M\n"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, w, token, "completed"));
        Assert.Equal(before, (await c.GetTask(task)).Text());

        // Resume (paused → queued), render again (canceled → queued) or the requeued task: it is handed out again with a new token.
        if (status != "queued") Assert.Equal(HttpStatusCode.NoContent, await c.Operator(task, """{"status":"queued"}"""));
        Assert.Equal(task, await c.Poll(w));
        var again = await c.Token(task);
        Assert.True(again > token);
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w, again, "completed"));
        Assert.Equal("completed", (string)(await c.GetTask(task))["status"]!);
    }

    [Fact]
    public async Task Deleting_a_rendering_task_stops_its_worker_and_the_id_is_never_reused()
    {
        var (app, dir, w, task, token) = await Rendering();
        using var _ = dir;
        await using var __ = app;
        var c = app.Client;

        Assert.Equal(HttpStatusCode.Accepted, (await c.DeleteAsync($"/tasks/{task}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/tasks/{task}")).StatusCode);
        Assert.Null(await c.Poll(w, "rendering"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, w, token, "completed"));
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync($"/tasks/{task}")).StatusCode);

        var next = await c.SubmitId();
        Assert.True(next > task);
        var reuse = await c.PostJson("/tasks", $$"""{"task_id":{{task}},"type":"blender_render","settings":{{Json.BlenderSettings()}}}""");
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        Assert.Equal(next, await c.Poll(w));
    }

    [Fact]
    public async Task Changing_priority_changes_which_task_the_next_claim_gets()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var w = await c.RegisterId("render-01");
        var low = await c.SubmitId(priority: 1);
        var high = await c.SubmitId(priority: 5);
        Assert.Equal(HttpStatusCode.NoContent, await c.Operator(low, """{"priority":10}"""));
        Assert.Equal(10, (long)(await c.GetTask(low))["priority"]!);
        Assert.Equal(low, await c.Poll(w));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(low, w, await c.Token(low), "completed"));
        Assert.Equal(high, await c.Poll(w));
    }

    [Fact]
    public async Task A_disabled_worker_gets_no_task_at_its_next_claim_and_an_enabled_one_does()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var w = await c.RegisterId("render-01");
        var task = await c.SubmitId();
        Assert.Equal(task, await c.Poll(w));

        Assert.Equal(task, await c.Poll(w, "disabled")); // the switch answers the held task
        Assert.Equal("disabled", (string)(await c.Worker("render-01"))["status"]!);
        Assert.Null(await c.Poll(w)); // next claim: what it held goes back, nothing new
        Assert.Equal("queued", (string)(await c.GetTask(task))["status"]!);
        Assert.Null(await c.Poll(w));

        Assert.Null(await c.Poll(w, "enabled"));
        Assert.Equal("enabled", (string)(await c.Worker("render-01"))["status"]!);
        Assert.Equal(task, await c.Poll(w));
    }

    [Fact]
    public async Task Transitions_the_life_cycle_forbids_are_conflicts_and_change_nothing()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var w = await c.RegisterId("render-01");
        var task = await c.SubmitId();
        Assert.Equal(task, await c.Poll(w));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w, await c.Token(task), "completed"));
        var before = (await c.GetTask(task)).Text();
        Assert.Equal(HttpStatusCode.Conflict, await c.Operator(task, """{"status":"paused"}"""));
        Assert.Equal(HttpStatusCode.Conflict, await c.Operator(task, """{"status":"canceled"}"""));
        Assert.Equal(before, (await c.GetTask(task)).Text());
        // Render again: attempts start afresh.
        Assert.Equal(HttpStatusCode.NoContent, await c.Operator(task, """{"status":"queued"}"""));
        Assert.Equal(0, (int)(await c.GetTask(task))["attempts"]!);
        Assert.Equal(HttpStatusCode.Conflict, await c.Operator(task, """{"status":"queued"}"""));
    }
}
