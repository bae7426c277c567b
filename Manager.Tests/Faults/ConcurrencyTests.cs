using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>Requests that race produce one consistent outcome.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Many_workers_asking_at_the_same_instant_each_get_a_different_task_or_none()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        const int workers = 40, tasks = 25;
        var ids = new List<long>();
        for (var i = 0; i < workers; i++) ids.Add(await c.RegisterId($"render-{i:D2}"));
        var submitted = new HashSet<long>();
        for (var i = 0; i < tasks; i++) submitted.Add(await c.SubmitId());

        using var go = new ManualResetEventSlim();
        var claims = ids.Select(id => Task.Run(async () =>
        {
            go.Wait(TimeSpan.FromSeconds(10));
            return (Worker: id, Task: await c.Poll(id));
        })).ToList();
        go.Set();
        var answers = await Task.WhenAll(claims);

        var given = answers.Where(a => a.Task is not null).ToList();
        Assert.Equal(tasks, given.Count);
        Assert.Equal(tasks, given.Select(a => a.Task).Distinct().Count());
        Assert.Subset(submitted, given.Select(a => a.Task!.Value).ToHashSet());
        foreach (var (worker, task) in given)
        {
            var view = await c.GetTask(task!.Value);
            Assert.Equal("rendering", (string)view["status"]!);
            Assert.Equal(worker, (long)view["worker_id"]!);
            Assert.Equal(1, (int)view["attempts"]!);
        }
    }

    [Fact]
    public async Task A_cancel_racing_a_completion_has_exactly_one_winner_every_time()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var w = await c.RegisterId("render-01");
        int canceled = 0, completed = 0;
        for (var round = 0; round < 30; round++)
        {
            var task = await c.SubmitId();
            Assert.Equal(task, await c.Poll(w));
            var token = await c.Token(task);

            using var go = new ManualResetEventSlim();
            var cancel = Task.Run(() => { go.Wait(TimeSpan.FromSeconds(10)); return c.Operator(task, """{"status":"canceled"}"""); });
            var complete = Task.Run(() => { go.Wait(TimeSpan.FromSeconds(10)); return c.WorkerUpdate(task, w, token, "completed"); });
            go.Set();
            var (cancelAnswer, completeAnswer) = (await cancel, await complete);
            var status = (string)(await c.GetTask(task))["status"]!;

            if (status == "canceled")
            {
                Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Conflict), (cancelAnswer, completeAnswer));
                canceled++;
            }
            else
            {
                Assert.Equal("completed", status);
                Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NoContent), (cancelAnswer, completeAnswer));
                completed++;
            }
        }
        Assert.Equal(30, canceled + completed);
    }
}
