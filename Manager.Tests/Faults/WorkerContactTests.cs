using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Xunit.Abstractions;

namespace Manager.Tests.Faults;

/// <summary>
/// Any request a worker makes with its token counts as contact, not only its polls and heartbeats: the real manager
/// (authentication on, the worker's own token), real time. Worker silence itself is tested on virtual time in
/// <see cref="Manager.Tests.Actors.WorkerSilenceTests"/>.
/// </summary>
public class WorkerContactTests(ITestOutputHelper output)
{
    /// <summary>
    /// Short, so the tests take seconds, but not 2 or 4 s: under the full suite's load (the test's client and the manager
    /// share one thread pool) a heartbeat was held back that long, and the worker was rightly taken for silent.
    /// </summary>
    private const int TimeoutSeconds = 8;

    [Fact]
    public async Task A_worker_that_sends_only_task_updates_is_not_taken_for_silent()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var op = app.Client;
        using var enrollment = Client(app, TestTokens.Enrollment);
        var (updating, updatingToken) = await Enroll(enrollment, "updates-01");
        var (silent, silentToken) = await Enroll(enrollment, "silent-01");
        using var worker = Client(app, updatingToken);
        using var silentWorker = Client(app, silentToken);
        await op.Setting("worker_timeout_seconds", TimeoutSeconds);
        var task = await op.SubmitId();
        var other = await op.SubmitId();

        Assert.Equal(task, await worker.Poll(updating));
        var sinceItsLastPoll = Stopwatch.StartNew(); // the worker's last PATCH /workers/{id} was answered before this
        Assert.Equal(other, await silentWorker.Poll(silent));
        var assignment = (long)(await worker.GetTask(task))["assignment"]!;

        // From now on it sends only PATCH /tasks/{id} with log chunks, for three timeouts and until the other worker,
        // silent meanwhile, has been found offline (so the timeout is seen to be in force).
        var chunks = 0;
        while (sinceItsLastPoll.Elapsed < TimeSpan.FromSeconds(3 * TimeoutSeconds) || await Connection(op, "silent-01") != "offline")
        {
            if (sinceItsLastPoll.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"the silent worker was not offline after 60 s: {await Connection(op, "silent-01")}");
            var chunk = new JsonObject
            {
                ["worker_id"] = updating, ["assignment"] = assignment, ["log_seq"] = ++chunks, ["log"] = $"Fra:1 Mem:1M | Sample {chunks}/100\n",
            };
            await worker.PatchTask(task, chunk.ToJsonString()); // 204: it still holds the task
            await Task.Delay(250); // the worker's pace between two chunks
        }
        output.WriteLine($"{chunks} task updates over {sinceItsLastPoll.ElapsedMilliseconds} ms without a poll or heartbeat (timeout {TimeoutSeconds} s)");

        Assert.Equal("online", await Connection(op, "updates-01"));
        var held = await op.GetTask(task);
        Assert.Equal(("rendering", updating, assignment), ((string)held["status"]!, (long)held["worker_id"]!, (long)held["assignment"]!));
        await worker.PatchTask(task, new JsonObject { ["worker_id"] = updating, ["assignment"] = assignment, ["status"] = "completed" }.ToJsonString());
        Assert.Equal("completed", (string)(await op.GetTask(task))["status"]!);

        // The worker that sent nothing lost its task, as before.
        await Wait.Until(async () => (string)(await op.GetTask(other))["status"]! == "queued", TimeSpan.FromSeconds(10), "the silent worker's task is queued");
    }

    /// <summary>
    /// A bare poll or heartbeat goes straight to the dispatcher, not through the worker's proxy; the node tells the proxy of
    /// the contact itself. With authentication off no token names the worker, so only that keeps a worker that is
    /// rendering and heartbeating from being taken for silent.
    /// </summary>
    [Fact]
    public async Task With_authentication_off_a_worker_that_only_sends_heartbeats_is_not_taken_for_silent()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path, new Dictionary<string, string?> { ["Auth:Enabled"] = "false" });
        using var anyone = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var rendering = (long)(await anyone.Register("heartbeats-01"))["id"]!;
        var silent = (long)(await anyone.Register("silent-01"))["id"]!;
        await anyone.Setting("worker_timeout_seconds", TimeoutSeconds);
        var task = await anyone.SubmitId();
        var other = await anyone.SubmitId();
        Assert.Equal(task, await anyone.Poll(rendering));
        Assert.Equal(other, await anyone.Poll(silent));

        var since = Stopwatch.StartNew();
        var heartbeats = 0;
        while (since.Elapsed < TimeSpan.FromSeconds(3 * TimeoutSeconds) || await Connection(anyone, "silent-01") != "offline")
        {
            if (since.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"the silent worker was not offline after 60 s: {await Connection(anyone, "silent-01")}");
            Assert.Equal(task, await anyone.Poll(rendering, "rendering")); // it still holds the task
            heartbeats++;
            await Task.Delay(250); // the worker's pace between two heartbeats
        }
        output.WriteLine($"{heartbeats} heartbeats over {since.ElapsedMilliseconds} ms (timeout {TimeoutSeconds} s)");

        Assert.Equal("online", await Connection(anyone, "heartbeats-01"));
        Assert.Equal(("rendering", rendering), ((string)(await anyone.GetTask(task))["status"]!, (long)(await anyone.GetTask(task))["worker_id"]!));
        await Wait.Until(async () => (string)(await anyone.GetTask(other))["status"]! == "queued", TimeSpan.FromSeconds(10), "the silent worker's task is queued");
    }

    private static async Task<string> Connection(HttpClient op, string hostname) => (string)(await op.Worker(hostname))["connection"]!;

    private static async Task<(long Id, string Token)> Enroll(HttpClient enrollment, string hostname)
    {
        var entry = await enrollment.Register(hostname);
        return ((long)entry["id"]!, (string)entry["token"]!);
    }

    private static HttpClient Client(ManagerApp app, string token) =>
        new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorize(token);
}
