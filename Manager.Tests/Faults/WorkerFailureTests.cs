using System.Diagnostics;
using Manager.Tests.Support;
using Xunit.Abstractions;

namespace Manager.Tests.Faults;

/// <summary>
/// A worker that goes silent is offline after its deadline; its task is queued again without counting a failure. These run
/// the real manager on real time; when the timer fires (to the millisecond, and when the timeout changes) is tested on
/// virtual time in <see cref="Manager.Tests.Actors.WorkerSilenceTests"/>.
/// </summary>
public class WorkerFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silent_worker_goes_offline_after_the_timeout_and_its_task_is_queued_again()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("worker_timeout_seconds", 2);
        var silent = await c.RegisterId("silent-01");
        var alive = await c.RegisterId("alive-01");
        var task = await c.SubmitId();
        var other = await c.SubmitId();

        Assert.Equal(task, await c.Poll(silent));
        var lastContact = Stopwatch.StartNew(); // the manager heard the worker before this answer
        Assert.Equal(other, await c.Poll(alive));
        Assert.Equal(1, (int)(await c.GetTask(task))["attempts"]!);

        using var heartbeats = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!heartbeats.IsCancellationRequested)
            {
                Assert.Equal(other, await c.Poll(alive, "rendering"));
                await Task.Delay(200);
            }
        });

        await Wait.Until(async () => (string)(await c.Worker("silent-01"))["connection"]! == "offline",
            TimeSpan.FromSeconds(2 + 3), "the silent worker goes offline");
        var delay = lastContact.Elapsed;
        output.WriteLine($"offline seen {delay.TotalMilliseconds:F0} ms after the last contact (timeout 2000 ms)");
        Assert.True(delay >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(100), $"offline before the timeout: {delay}");

        await Wait.Until(async () => (string)(await c.GetTask(task))["status"]! == "queued", TimeSpan.FromSeconds(1), "its task is queued");
        var view = await c.GetTask(task);
        Assert.Null((long?)view["worker_id"]);
        Assert.Equal(1, (int)view["attempts"]!);
        Assert.Empty(view["failed_by_workers"]!.AsArray());
        Assert.Contains("silent", (string)view["activity"]!);

        // The worker that kept sending heartbeats is still online and keeps its task.
        Assert.Equal("online", (string)(await c.Worker("alive-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await c.GetTask(other))["status"]!);
        heartbeats.Cancel();
        await heartbeat;

        // The lost worker coming back is online again and gets work again (it did not fail the task).
        Assert.Equal(task, await c.Poll(silent));
        Assert.Equal("online", (string)(await c.Worker("silent-01"))["connection"]!);
        Assert.Equal(2, (int)(await c.GetTask(task))["attempts"]!);
    }

    [Fact]
    public async Task After_a_manager_restart_every_worker_gets_a_fresh_grace_period_and_one_that_never_returns_is_offline_and_its_task_queued()
    {
        using var dir = new TempDirectory();
        long gone, back, lostTask, keptTask;
        await using (var first = await ManagerApp.StartAsync(dir.Path))
        {
            var c = first.Client;
            await c.Setting("worker_timeout_seconds", 2);
            gone = await c.RegisterId("gone-01");
            back = await c.RegisterId("back-01");
            lostTask = await c.SubmitId();
            keptTask = await c.SubmitId();
            Assert.Equal(lostTask, await c.Poll(gone));
            Assert.Equal(keptTask, await c.Poll(back));
        }

        // Nobody is heard while the manager is down, for longer than the timeout.
        var down = Stopwatch.StartNew();
        await using var second = await ManagerApp.StartAsync(dir.Path);
        var restarted = Stopwatch.StartNew();
        var s = second.Client;
        output.WriteLine($"restart took {down.ElapsedMilliseconds} ms");

        // Fresh grace period: right after the restart both read online and the task is still held.
        Assert.Equal("online", (string)(await s.Worker("gone-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await s.GetTask(lostTask))["status"]!);
        Assert.Equal(gone, (long)(await s.GetTask(lostTask))["worker_id"]!);

        using var heartbeats = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!heartbeats.IsCancellationRequested)
            {
                Assert.Equal(keptTask, await s.Poll(back, "rendering"));
                await Task.Delay(200);
            }
        });

        await Wait.Until(async () => (string)(await s.Worker("gone-01"))["connection"]! == "offline",
            TimeSpan.FromSeconds(2 + 3), "the worker that never returned goes offline after the grace period");
        output.WriteLine($"offline {restarted.ElapsedMilliseconds} ms after the restarted manager was ready (timeout 2000 ms)");
        await Wait.Until(async () => (string)(await s.GetTask(lostTask))["status"]! == "queued", TimeSpan.FromSeconds(1), "its task is queued");
        var view = await s.GetTask(lostTask);
        Assert.Equal(1, (int)view["attempts"]!);
        Assert.Empty(view["failed_by_workers"]!.AsArray());

        Assert.Equal("online", (string)(await s.Worker("back-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await s.GetTask(keptTask))["status"]!);
        heartbeats.Cancel();
        await heartbeat;
    }
}
