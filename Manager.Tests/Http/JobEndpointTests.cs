using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// The job routes of Part D on one shared Manager (real Kestrel, operator token). Every test tags its jobs and workers
/// with its own tag, so its workers only ever get its own tasks.
/// </summary>
public class JobEndpointTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Post_jobs_answers_202_with_exactly_the_job_view_and_the_tasks_show_their_job_and_dependencies()
    {
        var tag = Unique("j");
        var job = await Client.SubmitJob(JobBody("1-6", chunk: 2, fps: 24, priority: 4, tags: [tag]));

        Assert.Equal(JobViewFields, job.Select(kv => kv.Key));
        var id = (long)job["id"]!;
        Assert.Equal(("shot 010", "blender_render", "queued", 4L), ((string)job["name"]!, (string)job["type"]!, (string)job["status"]!, (long)job["priority"]!));
        Assert.Equal("1-6", (string)job["settings"]!["frames"]!);
        Assert.Equal(4, (int)job["tasks_total"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"queued":4,"rendering":0,"paused":0,"completed":0,"failed":0,"canceled":0}"""),
            job["tasks_by_status"]), job.ToJsonString());
        Assert.Equal((6L, 0L, 0.0), ((long)job["frames_total"]!, (long)job["frames_done"]!, (double)job["progress"]!));
        Assert.Null(job["eta_seconds"]);
        Assert.Equal("waiting for a worker: 4 tasks queued", (string)job["activity"]!);
        Assert.Equal(JsonNode.Parse($"""["{tag}"]""")!.ToJsonString(), job["tags"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(job, await Client.GetJob(id)));

        var tasks = await Client.GetArray($"/jobs/{id}/tasks");
        Assert.Equal(4, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(id, (long?)t!["job_id"]));
        var renders = tasks.Take(3).Select(t => (long)t!["id"]!).ToList();
        Assert.Equal(renders, tasks[3]!["depends_on"]!.AsArray().Select(d => (long)d!));
        Assert.Equal(("exec_command", 1L, 6L), ((string)tasks[3]!["type"]!, (long)tasks[3]!["frame_start"]!, (long)tasks[3]!["frame_end"]!));
        var details = await Client.GetTask(renders[1]);
        Assert.Equal((id, 0), ((long)details["job_id"]!, details["depends_on"]!.AsArray().Count));
        var lone = await Client.GetTask(await Client.SubmitId([tag]));
        Assert.Null(lone["job_id"]);
        Assert.Empty(lone["depends_on"]!.AsArray());
        Assert.Contains(await Client.GetArray($"/tasks?after={renders[0] - 1}&limit=1"), t => (long?)t!["job_id"] == id);
    }

    [Fact]
    public async Task A_repeated_job_id_with_the_same_body_answers_the_same_job_and_another_body_is_409()
    {
        var tag = Unique("j");
        var wanted = 1_000_000 + Random.Shared.NextInt64(1_000_000);
        var body = JobBody("1-3", jobId: wanted, tags: [tag]);

        var first = await Client.SubmitJob(body);
        var again = await Client.SubmitJob(body);

        Assert.Equal(wanted, (long)first["id"]!);
        Assert.True(JsonNode.DeepEquals(first, again), $"{first} vs {again}");
        Assert.Single(await Client.GetArray($"/jobs?after={wanted - 1}&limit=1"));
        await (await Client.PostJson("/jobs", JobBody("1-4", jobId: wanted, tags: [tag]))).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(3, (await Client.JobTaskIds(wanted)).Count);
    }

    public static TheoryData<string, HttpStatusCode, string> BadBodies() => new()
    {
        { JobBody("4-1"), HttpStatusCode.UnprocessableEntity, "settings.frames" },
        { JobBody("1-4", chunk: 0), HttpStatusCode.UnprocessableEntity, "settings.chunk_size" },
        { JobBody(name: ""), HttpStatusCode.UnprocessableEntity, "name" },
        { JobBody(jobId: 0), HttpStatusCode.UnprocessableEntity, "job_id" },
        { JobBody(dependsOn: [987_654_321]), HttpStatusCode.UnprocessableEntity, "depends_on" },
        { JobBody().Replace("\"blender_render\"", "\"ffmpeg\""), HttpStatusCode.UnprocessableEntity, "type" },
        { """{"name":"x","type":"blender_render"}""", HttpStatusCode.UnprocessableEntity, "settings" },
        { """{"name":"x","type":"blender_render","settings":"{\"frames\":\"1\"}"}""", HttpStatusCode.BadRequest, "settings" },
        { """{"name":"x","type":"blender_render","settings":{"filepath":"/a.blend","frames":"1"},"depends_on":["1"]}""", HttpStatusCode.BadRequest, "depends_on" },
        { JobBody().Replace("\"name\"", "\"nmae\""), HttpStatusCode.UnprocessableEntity, "nmae" },
        { JobBody(tags: [""]), HttpStatusCode.UnprocessableEntity, "tags" },
        { JobBody("1-4", fps: 0), HttpStatusCode.UnprocessableEntity, "settings.video.fps" },
        { JobBody("1-4,6", fps: 24), HttpStatusCode.UnprocessableEntity, "settings.video" },
        { JobBody(priority: 1).Replace("\"priority\":1", "\"priority\":\"high\""), HttpStatusCode.BadRequest, "priority" },
        { JobBody(name: new string('n', 257)), HttpStatusCode.UnprocessableEntity, "name" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_answered_with_the_field_and_nothing_is_created(string body, HttpStatusCode expected, string field)
    {
        var jobsBefore = (await Client.GetArray("/jobs?limit=1000")).ToJsonString();
        var tasksBefore = (await Client.GetArray("/tasks?limit=1000")).ToJsonString();

        var problem = await (await Client.PostJson("/jobs", body)).ExpectProblem(expected);

        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Equal(jobsBefore, (await Client.GetArray("/jobs?limit=1000")).ToJsonString());
        Assert.Equal(tasksBefore, (await Client.GetArray("/tasks?limit=1000")).ToJsonString());
    }

    [Fact]
    public async Task Get_jobs_pages_in_id_order_and_filters_by_status()
    {
        var tag = Unique("j");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add((long)(await Client.SubmitJob(JobBody("1", tags: [tag])))["id"]!);
        await (await Client.PatchJson($"/jobs/{ids[1]}", """{"status":"canceled"}""")).Expect(HttpStatusCode.NoContent);

        var page = await Client.GetArray($"/jobs?after={ids[0] - 1}&limit=2");
        Assert.Equal(ids.Take(2), page.Select(j => (long)j!["id"]!));
        var canceled = await Client.GetArray($"/jobs?status=canceled&after={ids[0] - 1}");
        Assert.Contains(canceled, j => (long)j!["id"]! == ids[1]);
        Assert.All(canceled, j => Assert.Equal("canceled", (string)j!["status"]!));
        Assert.DoesNotContain(canceled, j => (long)j!["id"]! == ids[2]);
        await (await Client.GetAsync("/jobs?status=running")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Client.GetAsync("/jobs?limit=0")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Client.GetAsync($"/jobs/{ids[2] + 1_000_000}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/jobs/{ids[2] + 1_000_000}/tasks")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_job_runs_previews_first_then_its_chunks_then_the_video_and_completes()
    {
        var tag = Unique("j");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var id = (long)(await Client.SubmitJob(JobBody("1-12", chunk: 3, previewFirst: true, step: 4, fps: 24, tags: [tag])))["id"]!;
        var taskIds = await Client.JobTaskIds(id);
        var listed = await Client.GetArray($"/jobs/{id}/tasks");
        Assert.Equal([true, true, true, true, false, false, false, false], listed.Select(t => (bool)t!["preview"]!));
        Assert.True((bool)(await Client.GetTask(taskIds[0]))["preview"]!);
        Assert.False((bool)(await Client.GetTask(taskIds[4]))["preview"]!);

        var claimed = new List<long>();
        while (await Client.Poll(worker) is { } task)
        {
            claimed.Add(task);
            Assert.Equal(HttpStatusCode.NoContent, await Client.WorkerUpdate(task, worker, null, "completed"));
            if (claimed.Count == 1) Assert.Equal("active", (string)(await Client.GetJob(id))["status"]!);
        }

        Assert.Equal(taskIds, claimed); // previews 1, 5, 9, 12, then 2-4, 6-8, 10-11, then the video
        var job = await Client.GetJob(id);
        Assert.Equal(("completed", 12L, 1.0), ((string)job["status"]!, (long)job["frames_done"]!, (double)job["progress"]!));
        Assert.Equal("completed: all 8 tasks completed", (string)job["activity"]!);
    }

    [Fact]
    public async Task Canceling_a_job_tells_its_rendering_worker_to_stop_at_its_next_contact()
    {
        var tag = Unique("j");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var id = (long)(await Client.SubmitJob(JobBody("1-3", tags: [tag])))["id"]!;
        var task = (await Client.Poll(worker))!.Value;

        await (await Client.PatchJson($"/jobs/{id}", """{"status":"canceled"}""")).Expect(HttpStatusCode.NoContent);

        Assert.Null(await Client.Poll(worker, "rendering"));
        Assert.Equal(HttpStatusCode.Conflict, await Client.WorkerUpdate(task, worker, null, "completed"));
        var job = await Client.GetJob(id);
        Assert.Equal(("canceled", 3), ((string)job["status"]!, (int)job["tasks_by_status"]!["canceled"]!));
        var history = (await Client.GetTask(task))["history"]!.AsArray();
        Assert.Equal(("canceled", $"canceled with job {id} by operator"), ((string)history[^1]!["status"]!, (string)history[^1]!["reason"]!));
        await (await Client.PatchJson($"/jobs/{id}", """{"status":"paused"}""")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Null(await Client.Poll(worker));
    }

    [Fact]
    public async Task Pause_resume_priority_and_bad_job_patches()
    {
        var tag = Unique("j");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var id = (long)(await Client.SubmitJob(JobBody("1-2", tags: [tag])))["id"]!;

        await (await Client.PatchJson($"/jobs/{id}", """{"status":"paused","priority":9}""")).Expect(HttpStatusCode.NoContent);
        var paused = await Client.GetJob(id);
        Assert.Equal(("paused", 9L, "paused by operator"), ((string)paused["status"]!, (long)paused["priority"]!, (string)paused["activity"]!));
        Assert.Null(await Client.Poll(worker));

        await (await Client.PatchJson($"/jobs/{id}", """{"status":"queued"}""")).Expect(HttpStatusCode.NoContent);
        Assert.NotNull(await Client.Poll(worker));

        var active = await (await Client.PatchJson($"/jobs/{id}", """{"status":"active"}""")).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(active["errors"]!["status"]);
        await (await Client.PatchJson($"/jobs/{id}", "{}")).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        await (await Client.PatchJson($"/jobs/{id}", """{"status":"queued"}""")).ExpectProblem(HttpStatusCode.Conflict);
        await (await Client.PatchJson($"/jobs/{id + 1_000_000}", """{"priority":1}""")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_job_removes_it_and_its_tasks_and_its_ids_are_never_given_again()
    {
        var tag = Unique("j");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var id = (long)(await Client.SubmitJob(JobBody("1-2", tags: [tag])))["id"]!;
        var taskIds = await Client.JobTaskIds(id);
        var held = (await Client.Poll(worker))!.Value;
        await (await Client.DeleteAsync($"/tasks/{held}")).ExpectProblem(HttpStatusCode.Conflict); // a job's task goes with its job

        await (await Client.DeleteAsync($"/jobs/{id}")).Expect(HttpStatusCode.Accepted);

        await (await Client.GetAsync($"/jobs/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        foreach (var taskId in taskIds) await (await Client.GetAsync($"/tasks/{taskId}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(await Client.Poll(worker, "rendering")); // its heartbeat: stop
        Assert.Equal(HttpStatusCode.Conflict, await Client.WorkerUpdate(held, worker, null, "completed"));
        await (await Client.PostJson("/jobs", JobBody("1", jobId: id, tags: [tag]))).ExpectProblem(HttpStatusCode.Conflict);
        var next = await Client.SubmitJob(JobBody("1", tags: [tag]));
        Assert.True((long)next["id"]! > id);
        await (await Client.DeleteAsync($"/jobs/{id}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_priority_change_of_a_job_reorders_the_next_claims()
    {
        var tag = Unique("j");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var first = (long)(await Client.SubmitJob(JobBody("1-2", priority: 0, tags: [tag])))["id"]!;
        var second = (long)(await Client.SubmitJob(JobBody("1-2", priority: 0, tags: [tag])))["id"]!;

        await (await Client.PatchJson($"/jobs/{second}", """{"priority":5}""")).Expect(HttpStatusCode.NoContent);

        var claimed = new List<long>();
        while (await Client.Poll(worker) is { } task)
        {
            claimed.Add(task);
            Assert.Equal(HttpStatusCode.NoContent, await Client.WorkerUpdate(task, worker, null, "completed"));
        }
        Assert.Equal([.. await Client.JobTaskIds(second), .. await Client.JobTaskIds(first)], claimed);
        Assert.Equal(5, (long)(await Client.GetJob(second))["priority"]!);
    }

    [Fact]
    public async Task Queuing_again_a_canceled_task_of_a_job_that_would_stay_failed_is_409_and_changes_nothing()
    {
        var tag = Unique("j");
        var workers = new List<long>();
        for (var i = 0; i < 3; i++) workers.Add(await Client.RegisterId(Unique("render"), tag));
        var id = (long)(await Client.SubmitJob(JobBody("1-4", tags: [tag])))["id"]!;
        var taskIds = await Client.JobTaskIds(id);
        foreach (var worker in workers) // task_max_attempts 3: each worker fails the first task once
        {
            Assert.Equal(taskIds[0], await Client.Poll(worker));
            Assert.Equal(HttpStatusCode.NoContent, await Client.WorkerUpdate(taskIds[0], worker, null, "failed"));
        }
        var failed = await Client.GetJob(id);
        Assert.Equal(("failed", 3), ((string)failed["status"]!, (int)failed["tasks_by_status"]!["canceled"]!));
        var before = (await Client.GetArray($"/jobs/{id}/tasks")).ToJsonString();

        var problem = await (await Client.PatchJson($"/tasks/{taskIds[1]}", """{"status":"queued"}""")).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Contains($"job {id} would stay failed", (string)problem["detail"]!);
        Assert.Equal(before, (await Client.GetArray($"/jobs/{id}/tasks")).ToJsonString());
        Assert.True(JsonNode.DeepEquals(failed, await Client.GetJob(id)));

        await Client.PatchTask(taskIds[0], """{"status":"queued"}"""); // the failed one: the job is active again
        Assert.Equal("active", (string)(await Client.GetJob(id))["status"]!);
    }
}
