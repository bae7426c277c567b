using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Events;

/// <summary>GET /events against a real manager with authentication on (docs/api.md, "Live events").</summary>
public sealed class EventStreamTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var response = await anonymous.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await response.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task A_new_connection_starts_with_a_resync_carrying_the_counts()
    {
        await using var events = await ServerSentEvents.OpenAsync(Client);
        var first = await events.NextAsync(Bound);
        Assert.Equal("resync", first.Name);
        Assert.Equal("new connection", (string?)first.Data["reason"]);
        Assert.NotNull(first.Id);
        Assert.Equal(["queued", "rendering", "completed", "failed", "canceled", "paused"],
            first.Data["counts"]!["tasks"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task A_subscriber_sees_a_task_claimed_progressing_and_completed_and_its_job_progress()
    {
        await using var events = await ServerSentEvents.OpenAsync(Client);
        Assert.Equal("resync", (await events.NextAsync(Bound)).Name);
        var jobId = (long)(await Client.SubmitJob(HttpApi.JobBody(frames: "1-2", name: HttpApi.Unique("events"))))["id"]!;
        await events.UntilAsync(e => JobIn(e, jobId) is { } j && (string?)j["status"] == "queued", Bound, "the submitted job");

        var workerId = await Client.RegisterId(HttpApi.Unique("render"));
        var taskId = (await Client.Poll(workerId))!.Value;
        await events.UntilAsync(e => TaskIn(e, taskId) is { } t && (string?)t["status"] == "rendering" && (long?)t["worker_id"] == workerId,
            Bound, "the claim");

        var assignment = await Client.Token(taskId);
        await Client.PatchTask(taskId, $$"""{"worker_id":{{workerId}},"assignment":{{assignment}},"frame_current":1}""");
        await events.UntilAsync(e => TaskIn(e, taskId) is { } t && (long?)t["frame_current"] == 1, Bound, "the progress report");

        await Client.PatchTask(taskId, $$"""{"worker_id":{{workerId}},"assignment":{{assignment}},"status":"completed"}""");
        // The completion and the job's progress may come in one batch or in two.
        var completed = false;
        JsonNode? job = null;
        await events.UntilAsync(e =>
        {
            completed |= TaskIn(e, taskId) is { } t && (string?)t["status"] == "completed";
            job = JobIn(e, jobId) ?? job;
            return completed && (long?)job?["frames_done"] == 1;
        }, Bound, "the completion and the job's progress");
        Assert.Equal(0.5, (double)job!["progress"]!);
        Assert.Equal("active", (string?)job["status"]);
    }

    [Fact]
    public async Task Many_progress_reports_of_a_task_are_coalesced()
    {
        var taskId = await Client.SubmitId(settings: Json.BlenderSettings(1, 1000));
        var workerId = await Client.RegisterId(HttpApi.Unique("render"));
        Assert.Equal(taskId, await Client.Poll(workerId));
        var assignment = await Client.Token(taskId);
        await using var events = await ServerSentEvents.OpenAsync(Client);

        const int reports = 200;
        var clock = Stopwatch.StartNew();
        for (var frame = 1; frame <= reports; frame++)
            await Client.PatchTask(taskId, $$"""{"worker_id":{{workerId}},"assignment":{{assignment}},"frame_current":{{frame}}}""");
        var updates = 0;
        await events.UntilAsync(e =>
        {
            if (TaskIn(e, taskId) is not { } t) return false;
            updates++;
            return (long?)t["frame_current"] == reports;
        }, Bound, "the last progress report");
        var elapsed = clock.Elapsed;

        // One update per task per 200 ms batch at most (plus the batches the first and last reports fall into).
        var bound = (int)Math.Ceiling(elapsed / TimeSpan.FromMilliseconds(250)) + 2;
        Assert.True(updates <= bound, $"{updates} updates of the task for {reports} reports in {elapsed.TotalMilliseconds:0} ms (at most {bound})");
        Assert.True(updates < reports / 4, $"{updates} updates for {reports} reports: not coalesced");
    }

    [Fact]
    public async Task A_registered_or_switched_worker_is_announced()
    {
        await using var events = await ServerSentEvents.OpenAsync(Client);
        var hostname = HttpApi.Unique("render");
        var workerId = await Client.RegisterId(hostname);
        await events.UntilAsync(e => WorkerIn(e, workerId) is { } w && (string?)w["hostname"] == hostname && (string?)w["status"] == "enabled",
            Bound, "the registered worker");
        await (await Client.PatchJson($"/workers/{workerId}", """{"status":"disabled"}""")).Expect(HttpStatusCode.OK);
        await events.UntilAsync(e => WorkerIn(e, workerId) is { } w && (string?)w["status"] == "disabled", Bound, "the disabled worker");
    }

    [Fact]
    public async Task Reconnecting_with_the_last_event_id_gives_what_was_missed_and_an_unknown_id_a_resync()
    {
        var taskId = await Client.SubmitId();
        string lastSeen;
        await using (var events = await ServerSentEvents.OpenAsync(Client))
        {
            await Client.Operator(taskId, """{"priority":7}""");
            lastSeen = (await events.UntilAsync(e => TaskIn(e, taskId) is { } t && (long?)t["priority"] == 7, Bound, "the first change")).Id!;
        }

        Assert.Equal(HttpStatusCode.NoContent, await Client.Operator(taskId, """{"priority":8}"""));
        await using (var resumed = await ServerSentEvents.OpenAsync(Client, lastSeen))
        {
            var next = await resumed.UntilAsync(e => e.Name == "resync" || TaskIn(e, taskId) is not null, Bound, "the missed change");
            Assert.Equal("changes", next.Name);
            Assert.Equal(8, (long?)TaskIn(next, taskId)!["priority"]);
        }

        await using var stranger = await ServerSentEvents.OpenAsync(Client, "0123456789ab-5");
        var first = await stranger.NextAsync(Bound);
        Assert.Equal("resync", first.Name);
        Assert.Equal("the events after the last id are not available here", (string?)first.Data["reason"]);
    }

    internal static JsonNode? TaskIn(ServerSentEvent e, long taskId) => ItemIn(e, "changes", "tasks", taskId);

    internal static JsonNode? JobIn(ServerSentEvent e, long jobId) => ItemIn(e, "changes", "jobs", jobId);

    internal static JsonNode? WorkerIn(ServerSentEvent e, long workerId) => ItemIn(e, "workers", "workers", workerId);

    private static JsonNode? ItemIn(ServerSentEvent e, string name, string list, long id) =>
        e.Name == name ? e.Data[list]!.AsArray().FirstOrDefault(item => (long?)item!["id"] == id) : null;
}
