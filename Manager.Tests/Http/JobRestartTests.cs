using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Xunit.Abstractions;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// Jobs across a SIGKILL (issue 17 item 1): the manager as its own OS process on a real SQLite file, auth on, jobs of
/// every kind half rendered by simulated workers, then killed and started again on the same file. Every job view, every
/// job's task list and every task of a job reads exactly as before the kill, and the farm then finishes by the same
/// rules: dependencies hold, the paused job waits until it is resumed, every job ends completed.
/// </summary>
public class JobRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    private sealed record Farm(long Base, long Dependent, long Paused, long Canceled, long OneCanceledTask,
        long W1, long W2, long W3, long BaseChunkRendering, long LoneTaskRendering, long CanceledTask);

    [Fact]
    public async Task Jobs_read_exactly_the_same_after_a_SIGKILL_and_the_farm_then_finishes_by_the_same_rules()
    {
        using var dir = new TempDirectory("manager-job-restart");
        using var manager = ManagerProcesses.OnSqlite(dir.Path);
        output.WriteLine($"first start: {(await manager.StartAsync(StartBound)).TotalMilliseconds:F0} ms");
        using var op = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorize(TestTokens.Operator);
        var submitterToken = (string)(await (await op.PostJson("/tokens", """{"name":"pipeline","role":"submitter"}"""))
            .ExpectJson(HttpStatusCode.Created))["token"]!;
        using var submitter = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorize(submitterToken);

        var farm = await Populate(submitter, op);
        var before = await Read(op);

        manager.Kill();
        output.WriteLine($"restart: {(await manager.StartAsync(StartBound)).TotalMilliseconds:F0} ms");

        // Nothing in a job view is read from a clock (eta_seconds is seconds per frame of the completed tasks × frames left
        // ÷ tasks rendering, all from the journal), so every byte must match. The one thing a crash may legitimately lose
        // is the last second of progress reports (frame_current, activity: docs/api.md); Populate ends with a job event,
        // which writes every unwritten progress report in front of it, so here nothing is lost.
        var after = await Read(op);
        foreach (var (key, value) in before)
            Assert.True(value == after[key], $"{key} differs after the restart:\nbefore {value}\nafter  {after[key]}");
        Assert.Equal(before.Keys, after.Keys);

        // Spot checks, so a state that is wrong in the same way twice cannot pass.
        var jobs = JsonNode.Parse(before["GET /jobs"])!.AsArray().ToDictionary(j => (long)j!["id"]!, j => j!);
        Assert.Equal(("active", "queued", "paused", "canceled", "active"),
            (Status(jobs[farm.Base]), Status(jobs[farm.Dependent]), Status(jobs[farm.Paused]), Status(jobs[farm.Canceled]), Status(jobs[farm.OneCanceledTask])));
        Assert.Equal($"waiting for job {farm.Base} (active, 57 %)", (string)jobs[farm.Dependent]["activity"]!);
        Assert.NotNull(jobs[farm.Base]["eta_seconds"]);
        Assert.Equal("pipeline", (string)jobs[farm.Base]["submitted_by"]!);
        var chunk = JsonNode.Parse(after[$"GET /tasks/{farm.BaseChunkRendering}"])!;
        Assert.Equal(("rendering", farm.W1, 2L), ((string)chunk["status"]!, (long)chunk["worker_id"]!, (long)chunk["frame_current"]!));

        await Finish(op, submitter, farm);
    }

    /// <summary>
    /// Five jobs, each a different case, half rendered by three workers (the operator acting for them). Claim order by
    /// priority: the dependent job (9) waits for the base job (5), whose chunks wait for its previews; then the job with a
    /// canceled task (3); the paused (1) and the canceled job (0) give no task.
    /// </summary>
    private static async Task<Farm> Populate(HttpClient submitter, HttpClient op)
    {
        // frames 1-6, preview step 3: previews 1, 4, 6; then 2-3, 5; then the video.
        var baseJob = await JobId(submitter, JobBody("1-6", chunk: 2, previewFirst: true, step: 3, fps: 24, priority: 5, name: "base"));
        var dependent = await JobId(submitter, JobBody("1-4", chunk: 2, priority: 9, dependsOn: [baseJob], name: "dependent"));
        var paused = await JobId(submitter, JobBody("1-2", priority: 1, name: "paused"));
        var canceled = await JobId(submitter, JobBody("1-3", priority: 0, name: "canceled"));
        var oneCanceled = await JobId(submitter, JobBody("1-3", priority: 3, name: "one canceled task"));
        await (await submitter.PatchJson($"/jobs/{canceled}", """{"status":"canceled"}""")).Expect(HttpStatusCode.NoContent);
        var oneCanceledTasks = await op.JobTaskIds(oneCanceled);
        await submitter.PatchTask(oneCanceledTasks[1], """{"status":"canceled"}""");
        await (await submitter.PatchJson($"/jobs/{paused}", """{"status":"paused"}""")).Expect(HttpStatusCode.NoContent);

        var w1 = await op.RegisterId("render-01");
        var w2 = await op.RegisterId("render-02");
        var w3 = await op.RegisterId("render-03");
        var b = await op.JobTaskIds(baseJob); // p1, p4, p6, 2-3, 5, video

        Assert.Equal(b[0], await ClaimAndComplete(op, w1, 10.0));
        Assert.Equal(b[1], await ClaimAndComplete(op, w1, 12.0));
        Assert.Equal(b[2], await ClaimAndComplete(op, w2, 11.0));
        Assert.Equal(b[3], await op.Poll(w1)); // left rendering
        await op.PatchTask(b[3], $$"""{"worker_id":{{w1}},"status":"rendering","log":"Fra:2 Mem:12M | Rendering\n"}""");
        Assert.Equal(b[4], await ClaimAndComplete(op, w2, 9.0));
        Assert.Equal(oneCanceledTasks[0], await ClaimAndComplete(op, w3, 8.0)); // the video waits on chunk 2-3
        Assert.Equal(oneCanceledTasks[2], await op.Poll(w3)); // left rendering
        await op.PatchTask(oneCanceledTasks[2], $$"""{"worker_id":{{w3}},"status":"rendering","frame_current":3,"activity":"frame 3"}""");
        Assert.Null(await op.Poll(w2));

        // Last, a job event: it writes every progress report not yet written in front of it (UnwrittenProgress), so the
        // kill that follows loses none.
        await (await submitter.PatchJson($"/jobs/{paused}", """{"priority":2}""")).Expect(HttpStatusCode.NoContent);
        return new Farm(baseJob, dependent, paused, canceled, oneCanceled, w1, w2, w3, b[3], oneCanceledTasks[2], oneCanceledTasks[1]);
    }

    /// <summary>
    /// After the restart: the holders finish what they held; the canceled task and the canceled job are rendered again;
    /// one worker then claims everything left, one task at a time, and the order shows the rules: the video after its
    /// render tasks, the dependent job after the base job completed, nothing of the paused job until it is resumed.
    /// </summary>
    private static async Task Finish(HttpClient op, HttpClient submitter, Farm farm)
    {
        Assert.Equal(farm.BaseChunkRendering, await op.Poll(farm.W1, "rendering"));
        Assert.Equal(farm.LoneTaskRendering, await op.Poll(farm.W3, "rendering"));
        Assert.Equal(HttpStatusCode.NoContent, await op.WorkerUpdate(farm.LoneTaskRendering, farm.W3, null, "completed"));
        Assert.Equal("canceled", Status(await op.GetJob(farm.OneCanceledTask))); // 2 completed, 1 canceled, nothing left
        Assert.Null(await op.Poll(farm.W2)); // the video waits on the chunk W1 still renders; the dependent job on the base job
        Assert.Equal(HttpStatusCode.NoContent, await op.WorkerUpdate(farm.BaseChunkRendering, farm.W1, null, "completed"));

        await submitter.PatchTask(farm.CanceledTask, """{"status":"queued"}""");
        await (await submitter.PatchJson($"/jobs/{farm.Canceled}", """{"status":"queued"}""")).Expect(HttpStatusCode.NoContent);
        Assert.Equal(("active", "queued"), (Status(await op.GetJob(farm.OneCanceledTask)), Status(await op.GetJob(farm.Canceled))));

        var video = (await op.JobTaskIds(farm.Base))[^1];
        var dependentTasks = await op.JobTaskIds(farm.Dependent);
        var expected = new List<long> { video };
        expected.AddRange(dependentTasks); // 9, once the base job (5) completed
        expected.Add(farm.CanceledTask); // 3
        expected.AddRange(await op.JobTaskIds(farm.Canceled)); // 0; the paused job (2) gives nothing
        var claimed = new List<long>();
        while (await op.Poll(farm.W2) is { } task)
        {
            claimed.Add(task);
            if (task == video) Assert.Equal("queued", Status(await op.GetJob(farm.Dependent)));
            if (dependentTasks.Contains(task)) Assert.Equal("completed", Status(await op.GetJob(farm.Base)));
            Assert.Equal(HttpStatusCode.NoContent, await op.WorkerUpdate(task, farm.W2, null, "completed"));
            Assert.True(claimed.Count <= expected.Count, $"claimed {string.Join(", ", claimed)}; expected {string.Join(", ", expected)}");
        }
        Assert.Equal(expected, claimed);
        Assert.Equal("paused", Status(await op.GetJob(farm.Paused)));

        await (await submitter.PatchJson($"/jobs/{farm.Paused}", """{"status":"queued"}""")).Expect(HttpStatusCode.NoContent);
        var pausedTasks = await op.JobTaskIds(farm.Paused);
        foreach (var id in pausedTasks) Assert.Equal(id, await ClaimAndComplete(op, farm.W2, 1.0));
        Assert.Null(await op.Poll(farm.W2));

        foreach (var job in await op.GetArray("/jobs?limit=1000"))
            Assert.True(Status(job!) == "completed", job!.ToJsonString());
        Assert.Equal(5, (await op.GetArray("/jobs?status=completed&limit=1000")).Count);
    }

    /// <summary>What the job routes answer, keyed by request: GET /jobs, every GET /jobs/{id} and GET /jobs/{id}/tasks, and
    /// GET /tasks/{id} of every task of a job (with its history).</summary>
    private static async Task<Dictionary<string, string>> Read(HttpClient c)
    {
        var read = new Dictionary<string, string>();
        var jobs = await c.GetArray("/jobs?limit=1000");
        read["GET /jobs"] = jobs.ToJsonString();
        foreach (var job in jobs)
        {
            var id = (long)job!["id"]!;
            read[$"GET /jobs/{id}"] = (await c.GetJob(id)).ToJsonString();
            var tasks = await c.GetArray($"/jobs/{id}/tasks?limit=1000");
            read[$"GET /jobs/{id}/tasks"] = tasks.ToJsonString();
            foreach (var task in tasks)
            {
                var taskId = (long)task!["id"]!;
                read[$"GET /tasks/{taskId}"] = (await c.GetTask(taskId)).ToJsonString();
            }
        }
        return read;
    }

    private static async Task<long> JobId(HttpClient c, string body) => (long)(await c.SubmitJob(body))["id"]!;

    private static async Task<long> ClaimAndComplete(HttpClient op, long worker, double timeCost)
    {
        var task = await op.Poll(worker) ?? throw new InvalidOperationException($"worker {worker} got no task");
        await op.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"completed","time_cost":{{timeCost}}}""");
        return task;
    }

    private static string Status(JsonNode job) => (string)job["status"]!;
}
