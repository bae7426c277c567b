using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>Every assignment carries a token; a late update from a previous holder is 409 and changes nothing.</summary>
public class FencingTests
{
    [Fact]
    public async Task A_late_update_completion_and_heartbeat_from_the_previous_holder_are_refused_and_change_nothing()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("worker_timeout_seconds", 1);
        var old = await c.RegisterId("old-01");
        var task = await c.SubmitId();
        Assert.Equal(task, await c.Poll(old));
        var oldToken = await c.Token(task);
        Assert.True(oldToken > 0);
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, old, oldToken, "rendering", "Fra:1 Mem:1M\n"));

        // The holder goes silent; the task is given to another worker with a new token.
        await Wait.Until(async () => (string)(await c.GetTask(task))["status"]! == "queued", TimeSpan.FromSeconds(4), "the task is taken back");
        var fresh = await c.RegisterId("fresh-01");
        Assert.Equal(task, await c.Poll(fresh));
        var newToken = await c.Token(task);
        Assert.True(newToken > oldToken, $"token {newToken} after {oldToken}");
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, fresh, newToken, "rendering", "Fra:2 Mem:1M\n"));
        var before = (await c.GetTask(task)).Text();

        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, old, oldToken, "rendering", "Fra:9 Mem:1M\n"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, old, oldToken, "completed"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, old, null, "failed"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, fresh, oldToken, "completed")); // the right worker, a stale token
        Assert.Null(await c.Poll(old, "rendering")); // its heartbeat: you hold nothing
        Assert.Equal(before, (await c.GetTask(task)).Text());

        // The holder's completion is accepted once; repeating it changes nothing; the late one stays refused.
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, fresh, newToken, "completed"));
        var completed = (await c.GetTask(task)).Text();
        Assert.Contains("\"status\":\"completed\"", completed);
        Assert.Equal(HttpStatusCode.NoContent, await c.WorkerUpdate(task, fresh, newToken, "completed"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, old, oldToken, "completed"));
        Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, fresh, newToken, "failed"));
        Assert.Equal(completed, (await c.GetTask(task)).Text());
        Assert.Equal(fresh, (long)(await c.GetTask(task))["worker_id"]!);
    }

    [Fact]
    public async Task The_same_worker_getting_the_task_back_after_a_restart_handback_cannot_use_its_old_token()
    {
        using var dir = new TempDirectory();
        long w, task, first, second;
        await using (var app = await ManagerApp.StartAsync(dir.Path))
        {
            var c = app.Client;
            w = await c.RegisterId("render-01");
            task = await c.SubmitId();
            Assert.Equal(task, await c.Poll(w));
            first = await c.Token(task);

            // The worker restarted mid-task: it asks for work while holding it, and gets the same task under a new token.
            Assert.Equal(task, await c.Poll(w));
            second = await c.Token(task);
            Assert.True(second > first);
            var held = (await c.GetTask(task)).Text();
            Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, w, first, "rendering", "Fra:3 Mem:1M\n"));
            Assert.Equal(HttpStatusCode.Conflict, await c.WorkerUpdate(task, w, first, "completed"));
            Assert.Equal(held, (await c.GetTask(task)).Text());
            Assert.Equal(0, (int)(await c.GetTask(task))["failed_by_workers"]!.AsArray().Count);
        }

        // And again across a manager restart: the token is persisted with the assignment, and fencing still holds.
        await using var restarted = await ManagerApp.StartAsync(dir.Path);
        var s = restarted.Client;
        Assert.Equal(second, await s.Token(task));
        Assert.Equal(task, await s.Poll(w));
        var third = await s.Token(task);
        Assert.True(third > second);
        var before = (await s.GetTask(task)).Text();
        Assert.Equal(HttpStatusCode.Conflict, await s.WorkerUpdate(task, w, second, "completed"));
        Assert.Equal(HttpStatusCode.Conflict, await s.WorkerUpdate(task, w, first, "completed"));
        Assert.Equal(before, (await s.GetTask(task)).Text());
        Assert.Equal(HttpStatusCode.NoContent, await s.WorkerUpdate(task, w, third, "completed"));
        Assert.Equal("completed", (string)(await s.GetTask(task))["status"]!);
        Assert.Equal(3, (int)(await s.GetTask(task))["attempts"]!);
    }
}
