using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>Failed attempts, retries, the per-type blocklist, and a task that no eligible worker is left for.</summary>
public class RetryTests
{
    [Fact]
    public async Task A_failed_attempt_is_retried_elsewhere_until_task_max_attempts_then_the_task_fails()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("task_max_attempts", 2);
        var w1 = await c.RegisterId("render-01");
        var w2 = await c.RegisterId("render-02");
        await c.RegisterId("render-03"); // keeps an eligible worker around
        var task = await c.SubmitId();

        Assert.Equal(task, await c.Poll(w1));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w1, await c.Token(task), "failed", "Error: out of memory\n"));
        var view = await c.GetTask(task);
        Assert.Equal("queued", (string)view["status"]!);
        Assert.Equal(1, (int)view["attempts"]!);
        Assert.Equal([w1], view["failed_by_workers"]!.AsArray().Select(n => (long)n!));

        Assert.Null(await c.Poll(w1)); // a worker that failed the task does not get it again
        Assert.Equal(task, await c.Poll(w2));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w2, await c.Token(task), "failed", "Error: out of memory\n"));
        view = await c.GetTask(task);
        Assert.Equal("failed", (string)view["status"]!);
        Assert.Equal(2, (int)view["attempts"]!);
        Assert.Equal(w2, (long)view["worker_id"]!);
        Assert.Contains("out of memory", view["error"].Text());
    }

    [Fact]
    public async Task A_worker_that_fails_blocklist_threshold_tasks_of_a_type_gets_no_more_of_it_until_the_blocklist_is_cleared()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("blocklist_threshold", 2);
        await c.Setting("task_max_attempts", 10);
        var bad = await c.RegisterId("bad-01");
        await c.RegisterId("good-01"); // registered, so each failed task still has an eligible worker
        var a = await c.SubmitId();
        var b = await c.SubmitId();
        var third = await c.SubmitId();
        var exec = await c.SubmitId(type: "exec_command", settings: HttpApi.ExecSettings("echo", "hi"));

        foreach (var expected in new[] { a, b })
        {
            Assert.Equal(expected, await c.Poll(bad));
            Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(expected, bad, await c.Token(expected), "failed"));
        }
        var worker = await c.Worker("bad-01");
        Assert.Equal(["blender_render"], worker["blocklisted_types"]!.AsArray().Select(n => (string)n!));

        // No more blender_render for it (the third task it never failed), but other types still come.
        Assert.Equal(exec, await c.Poll(bad));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(exec, bad, await c.Token(exec), "completed"));
        Assert.Null(await c.Poll(bad));
        Assert.Equal("queued", (string)(await c.GetTask(third))["status"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await c.DeleteAsync($"/workers/{bad}/blocklist")).StatusCode);
        Assert.Empty((await c.Worker("bad-01"))["blocklisted_types"]!.AsArray());
        Assert.Equal(third, await c.Poll(bad));
        Assert.Equal(HttpStatusCode.NotFound, (await c.DeleteAsync("/workers/999/blocklist")).StatusCode);
    }

    [Fact]
    public async Task A_task_that_every_capable_worker_failed_ends_failed_with_a_reason_instead_of_waiting()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("task_max_attempts", 10);
        var w1 = await c.RegisterId("render-01");
        var w2 = await c.RegisterId("render-02");
        await c.Register("exec-only-01", types: ["exec_command"]); // cannot run it: does not keep it alive
        var task = await c.SubmitId();

        Assert.Equal(task, await c.Poll(w1));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w1, await c.Token(task), "failed"));
        Assert.Equal("queued", (string)(await c.GetTask(task))["status"]!); // render-02 is still eligible

        Assert.Equal(task, await c.Poll(w2));
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, w2, await c.Token(task), "failed"));
        var view = await c.GetTask(task);
        Assert.Equal("failed", (string)view["status"]!);
        Assert.Equal($"no eligible worker left: workers {w1}, {w2} failed it", (string)view["error"]!);
        Assert.Equal(2, (int)view["attempts"]!);
    }

    [Fact]
    public async Task After_a_restart_the_dispatcher_relearns_workers_so_one_that_has_not_called_yet_still_counts()
    {
        using var dir = new TempDirectory();
        long w1, w2, task;
        await using (var app = await ManagerApp.StartAsync(dir.Path))
        {
            var c = app.Client;
            await c.Setting("task_max_attempts", 10);
            await c.Setting("blocklist_threshold", 1);
            w1 = await c.RegisterId("render-01");
            w2 = await c.RegisterId("render-02");
            await c.RegisterId("render-03");
            task = await c.SubmitId();
            var other = await c.SubmitId();
            // render-03 gets blocklisted for the type by failing another task.
            Assert.Equal(task, await c.Poll(w1));
            Assert.Equal(other, await c.Poll((long)(await c.Register("render-03", expected: HttpStatusCode.OK))["id"]!));
            Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(other, 3, await c.Token(other), "failed"));
        }

        await using var restarted = await ManagerApp.StartAsync(dir.Path);
        var s = restarted.Client;
        // render-02 has not called since the restart; it is still known (its proxy told the dispatcher when it started).
        // An operator's GET /workers answers once every proxy has recovered, so the tells were sent.
        await Wait.Until(async () => (await (await s.GetAsync("/workers")).ReadJson()).AsObject().Count == 3, TimeSpan.FromSeconds(5), "three workers listed");
        Assert.Equal(HttpStatusCode.NoContent, await s.WorkerUpdate(task, w1, await s.Token(task), "failed"));
        Assert.Equal("queued", (string)(await s.GetTask(task))["status"]!);

        Assert.Equal(task, await s.Poll(w2));
        Assert.Equal(HttpStatusCode.NoContent, await s.WorkerUpdate(task, w2, await s.Token(task), "failed"));
        var view = await s.GetTask(task);
        Assert.Equal("failed", (string)view["status"]!);
        Assert.Equal($"no eligible worker left: workers {w1}, {w2} failed it; worker 3 is blocklisted for blender_render", (string)view["error"]!);
    }
}
