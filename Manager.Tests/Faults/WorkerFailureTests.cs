using System.Diagnostics;
using Manager.Tests.Support;
using Xunit.Abstractions;

namespace Manager.Tests.Faults;

/// <summary>A worker that goes silent is offline within a second of its deadline; its task is queued again without counting a failure.</summary>
public class WorkerFailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_silent_worker_goes_offline_within_a_second_of_the_deadline_and_its_task_is_queued_again()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        await c.Setting("worker_timeout_seconds", 2);
        var silent = await c.Register("silent-01");
        var alive = await c.Register("alive-01");
        var task = await c.Submit();
        var other = await c.Submit();

        Assert.Equal(task, await c.Report(silent));
        var lastContact = Stopwatch.StartNew(); // the manager heard the worker before this answer
        Assert.Equal(other, await c.Report(alive));
        Assert.Equal(1, (int)(await c.Task(task))["attempts"]!);

        using var heartbeats = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!heartbeats.IsCancellationRequested)
            {
                Assert.Equal(other, await c.Report(alive, "rendering"));
                await Task.Delay(200);
            }
        });

        await Poll.Until(async () => (string)(await c.Worker("silent-01"))["connection"]! == "offline",
            TimeSpan.FromSeconds(2 + 3), "the silent worker goes offline");
        var delay = lastContact.Elapsed;
        output.WriteLine($"offline seen {delay.TotalMilliseconds:F0} ms after the last contact (timeout 2000 ms)");
        Assert.InRange(delay, TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));

        await Poll.Until(async () => (string)(await c.Task(task))["status"]! == "queued", TimeSpan.FromSeconds(1), "its task is queued");
        var view = await c.Task(task);
        Assert.Null((long?)view["worker_id"]);
        Assert.Equal(1, (int)view["attempts"]!);
        Assert.Empty(view["failed_by_workers"]!.AsArray());
        Assert.Contains("silent", (string)view["activity"]!);

        // The worker that kept sending heartbeats is still online and keeps its task.
        Assert.Equal("online", (string)(await c.Worker("alive-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await c.Task(other))["status"]!);
        heartbeats.Cancel();
        await heartbeat;

        // The lost worker coming back is online again and gets work again (it did not fail the task).
        Assert.Equal(task, await c.Report(silent));
        Assert.Equal("online", (string)(await c.Worker("silent-01"))["connection"]!);
        Assert.Equal(2, (int)(await c.Task(task))["attempts"]!);
    }

    [Fact]
    public async Task Lowering_the_timeout_takes_effect_for_a_worker_whose_timer_was_armed_with_the_old_one()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var c = app.Client;
        var w = await c.Register("render-01"); // timer armed with the default 30 s
        var task = await c.Submit();
        Assert.Equal(task, await c.Report(w));

        await c.Setting("worker_timeout_seconds", 1);
        var changed = Stopwatch.StartNew();
        await Poll.Until(async () => (string)(await c.Worker("render-01"))["connection"]! == "offline",
            TimeSpan.FromSeconds(1 + 2), "offline under the lowered timeout, not the 30 s one");
        output.WriteLine($"offline {changed.ElapsedMilliseconds} ms after lowering the timeout to 1 s");
        Assert.True(changed.Elapsed <= TimeSpan.FromSeconds(2.5), $"took {changed.Elapsed}");
        await Poll.Until(async () => (string)(await c.Task(task))["status"]! == "queued", TimeSpan.FromSeconds(1), "its task is queued");
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
            gone = await c.Register("gone-01");
            back = await c.Register("back-01");
            lostTask = await c.Submit();
            keptTask = await c.Submit();
            Assert.Equal(lostTask, await c.Report(gone));
            Assert.Equal(keptTask, await c.Report(back));
        }

        // Nobody is heard while the manager is down, for longer than the timeout.
        var down = Stopwatch.StartNew();
        await using var second = await ManagerApp.StartAsync(dir.Path);
        var restarted = Stopwatch.StartNew();
        var s = second.Client;
        output.WriteLine($"restart took {down.ElapsedMilliseconds} ms");

        // Fresh grace period: right after the restart both read online and the task is still held.
        Assert.Equal("online", (string)(await s.Worker("gone-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await s.Task(lostTask))["status"]!);
        Assert.Equal(gone, (long)(await s.Task(lostTask))["worker_id"]!);

        using var heartbeats = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!heartbeats.IsCancellationRequested)
            {
                Assert.Equal(keptTask, await s.Report(back, "rendering"));
                await Task.Delay(200);
            }
        });

        await Poll.Until(async () => (string)(await s.Worker("gone-01"))["connection"]! == "offline",
            TimeSpan.FromSeconds(2 + 3), "the worker that never returned goes offline after the grace period");
        output.WriteLine($"offline {restarted.ElapsedMilliseconds} ms after the restarted manager was ready (timeout 2000 ms)");
        Assert.True(restarted.Elapsed <= TimeSpan.FromSeconds(3), $"took {restarted.Elapsed}");
        await Poll.Until(async () => (string)(await s.Task(lostTask))["status"]! == "queued", TimeSpan.FromSeconds(1), "its task is queued");
        var view = await s.Task(lostTask);
        Assert.Equal(1, (int)view["attempts"]!);
        Assert.Empty(view["failed_by_workers"]!.AsArray());

        Assert.Equal("online", (string)(await s.Worker("back-01"))["connection"]!);
        Assert.Equal("rendering", (string)(await s.Task(keptTask))["status"]!);
        heartbeats.Cancel();
        await heartbeat;
    }
}
