using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// The success paths of the task endpoints (Part A and Part B) on one shared Manager. Every test uses
/// its own tag, so its workers only ever get its own tasks.
/// </summary>
public class TaskEndpointTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Post_tasks_answers_202_with_exactly_the_eight_field_task_view()
    {
        var tag = Unique("t");
        var response = await Client.PostJson("/tasks", SubmitBody(Json.BlenderSettings(5, 10), priority: 10, tags: [tag]));
        var task = Assert.IsType<JsonObject>(await response.ExpectJson(HttpStatusCode.Accepted));

        Assert.Equal(TaskViewFields.Order(), task.Select(kv => kv.Key).Order());
        Assert.True((long)task["id"]! > 0);
        Assert.Null(task["worker_id"]);
        Assert.Equal(10, (long)task["priority"]!);
        Assert.Equal(5, (long)task["frame_start"]!);
        Assert.Equal(10, (long)task["frame_end"]!);
        Assert.Null(task["frame_current"]);
        Assert.Equal("queued", (string)task["status"]!);
        Assert.Equal("PNG", (string)task["format"]!);
    }

    [Fact]
    public async Task Post_tasks_uses_defaults_format_and_an_explicit_task_id()
    {
        var tag = Unique("t");
        var settings = System.Text.Json.JsonSerializer.Serialize(
            """{"filepath":"/farm/a.blend","frame_start":1,"frame_end":2,"format":"OPEN_EXR"}""");
        var first = await Client.Submit(settings, tags: [tag]);
        Assert.Equal(0, (long)first["priority"]!); // default_priority
        Assert.Equal("OPEN_EXR", (string)first["format"]!);

        var wanted = (long)first["id"]! + 1000;
        var explicitTask = await Client.Submit(settings, taskId: wanted, tags: [tag]);
        Assert.Equal(wanted, (long)explicitTask["id"]!);

        // Ids the manager allocates itself skip the ids already taken.
        var next = await Client.Submit(tags: [tag]);
        Assert.True((long)next["id"]! > wanted);
    }

    [Fact]
    public async Task Reposting_the_same_task_id_and_body_returns_the_same_task_without_a_second_one()
    {
        var tag = Unique("t");
        var id = (long)(await Client.Submit(tags: [tag]))["id"]! + 500;
        var body = SubmitBody(Json.BlenderSettings(1, 4), priority: 3, taskId: id, tags: [tag]);

        var first = await (await Client.PostJson("/tasks", body)).ExpectJson(HttpStatusCode.Accepted);
        var again = await (await Client.PostJson("/tasks", body)).ExpectJson(HttpStatusCode.Accepted);

        Assert.True(JsonNode.DeepEquals(first, again), $"{first} vs {again}");
        var all = await Client.GetArray("/tasks?limit=1000");
        Assert.Single(all, t => (long)t!["id"]! == id);
    }

    [Fact]
    public async Task Patch_task_priority_and_operator_statuses_answer_204()
    {
        var tag = Unique("t");
        var id = await Client.SubmitId([tag]);

        await Client.PatchTask(id, """{"priority":42}""");
        Assert.Equal(42, (long)(await Client.GetTask(id))["priority"]!);

        await Client.PatchTask(id, """{"status":"paused"}""");
        Assert.Equal("paused", (string)(await Client.GetTask(id))["status"]!);
        await Client.PatchTask(id, """{"status":"queued"}""");
        Assert.Equal("queued", (string)(await Client.GetTask(id))["status"]!);
        await Client.PatchTask(id, """{"status":"canceled"}""");
        Assert.Equal("canceled", (string)(await Client.GetTask(id))["status"]!);
        await Client.PatchTask(id, """{"status":"queued"}"""); // render again
        Assert.Equal("queued", (string)(await Client.GetTask(id))["status"]!);
    }

    [Fact]
    public async Task Delete_task_answers_202_and_then_the_task_is_404()
    {
        var tag = Unique("t");
        var id = await Client.SubmitId([tag]);

        var deleted = await Client.DeleteAsync($"/tasks/{id}");
        await deleted.Expect(HttpStatusCode.Accepted);

        await (await Client.GetAsync($"/tasks/{id}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/tasks/{id}/log")).ExpectProblem(HttpStatusCode.NotFound);
        var all = await Client.GetArray("/tasks?limit=1000");
        Assert.DoesNotContain(all, t => (long)t!["id"]! == id);
    }

    [Fact]
    public async Task Worker_reports_progress_log_and_completion_through_patch_tasks()
    {
        var tag = Unique("t");
        var worker = await Client.RegisterId(Unique("w"), tag);
        var id = await Client.SubmitId([tag], settings: Json.BlenderSettings(1, 3));

        Assert.Equal(id, await Client.Poll(worker));
        var rendering = await Client.GetTask(id);
        Assert.Equal("rendering", (string)rendering["status"]!);
        Assert.Equal(worker, (long)rendering["worker_id"]!);
        Assert.Equal(1, (int)rendering["attempts"]!);

        await Client.PatchTask(id, $$"""{"worker_id":{{worker}},"status":"rendering","log":"Fra:1 Mem:10M | Rendering 1/3\n"}""");
        await Client.PatchTask(id, $$"""{"worker_id":{{worker}},"log":"Fra:2 Mem:10M | Rendering 2/3\nSaved: '/out/0002.png'\n"}""");
        await Client.PatchTask(id, $$"""{"worker_id":{{worker}},"frame_current":3,"activity":"almost done","time_cost":1.5}""");

        var progressed = await Client.GetTask(id);
        Assert.Equal(3, (long)progressed["frame_current"]!);
        Assert.Equal("almost done", (string)progressed["activity"]!);

        var log = await Client.GetAsync($"/tasks/{id}/log");
        var text = await log.Expect(HttpStatusCode.OK);
        Assert.Equal("text/plain", log.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Fra:1 Mem:10M | Rendering 1/3\nFra:2 Mem:10M | Rendering 2/3\nSaved: '/out/0002.png'\n", text);
        Assert.Equal(text, (string)progressed["log_tail"]!);

        await Client.PatchTask(id, $$"""{"worker_id":{{worker}},"status":"completed","time_cost":2.5}""");
        var done = await Client.GetTask(id);
        Assert.Equal("completed", (string)done["status"]!);
        Assert.Equal(worker, (long)done["worker_id"]!); // the last holder stays visible
        var row = (await Client.GetArray($"/tasks?after={id - 1}&limit=1")).Single()!;
        Assert.Equal(2.5, (double)row["time_cost"]!);

        // The holder repeating the finishing update gets 204 and nothing changes.
        await Client.PatchTask(id, $$"""{"worker_id":{{worker}},"status":"completed","time_cost":2.5}""");
        var repeated = await Client.GetTask(id);
        Assert.True(JsonNode.DeepEquals(done, repeated), $"{done} vs {repeated}");
        Assert.Null(await Client.Poll(worker));
    }

    [Fact]
    public async Task Get_task_shows_the_view_plus_commands_attempts_and_times()
    {
        var tag = Unique("t");
        var id = await Client.SubmitId([tag], priority: 7, settings: Json.BlenderSettings(2, 9, "/farm/shot.blend"));
        var task = await Client.GetTask(id);

        foreach (var field in TaskViewFields.Concat(["type", "parser", "settings", "commands", "attempts", "failed_by_workers",
                     "activity", "log_tail", "created_at", "updated_at"]))
            Assert.True(task.ContainsKey(field), $"GET /tasks/{{id}} lacks '{field}': {task}");

        Assert.Equal(id, (long)task["id"]!);
        Assert.Equal("blender_render", (string)task["type"]!);
        Assert.Equal("blender_render", (string)task["parser"]!);
        Assert.Equal("""{"filepath":"/farm/shot.blend","frame_start":2,"frame_end":9}""", (string)task["settings"]!);
        var command = Assert.IsType<JsonObject>(Assert.Single(task["commands"]!.AsArray()));
        Assert.Equal(["argv", "name"], command.Select(kv => kv.Key).Order());
        Assert.Equal(["blender", "-b", "-Y", "/farm/shot.blend", "-F", "PNG", "-s", "2", "-e", "9", "-a"],
            command["argv"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(0, (int)task["attempts"]!);
        Assert.Empty(task["failed_by_workers"]!.AsArray());
        Assert.Null(task["log_tail"]);
        var created = DateTimeOffset.Parse((string)task["created_at"]!);
        Assert.Equal(TimeSpan.Zero, created.Offset);
        Assert.True(DateTimeOffset.UtcNow - created < TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse((string)task["updated_at"]!).Offset);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$", (string)task["updated_at"]!);

        var log = await Client.GetAsync($"/tasks/{id}/log");
        Assert.Equal("", await log.Expect(HttpStatusCode.OK));
        Assert.Equal("text/plain", log.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Exec_command_task_uses_the_none_parser_and_its_argv()
    {
        var tag = Unique("t");
        var task = await Client.Submit(ExecSettings("echo", "hi"), type: "exec_command", tags: [tag]);
        Assert.Null(task["frame_start"]);
        var details = await Client.GetTask((long)task["id"]!);
        Assert.Equal("exec_command", (string)details["type"]!);
        Assert.Equal("none", (string)details["parser"]!);
        Assert.Equal(["echo", "hi"], details["commands"]![0]!["argv"]!.AsArray().Select(a => (string)a!));

        var withParser = await Client.Submit(ExecSettings("blender", "-b"), type: "exec_command", parser: "blender_render", tags: [tag]);
        Assert.Equal("blender_render", (string)(await Client.GetTask((long)withParser["id"]!))["parser"]!);
    }

    [Fact]
    public async Task Get_tasks_lists_in_ascending_id_order_with_type_and_attempts_and_pages()
    {
        var tag = Unique("t");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add(await Client.SubmitId([tag], priority: 5 - i));

        var all = await Client.GetArray("/tasks?limit=1000");
        var allIds = all.Select(t => (long)t!["id"]!).ToList();
        Assert.Equal(allIds.Order(), allIds);
        Assert.Equal(allIds.Distinct().Count(), allIds.Count);
        foreach (var item in all)
        {
            var keys = item!.AsObject().Select(kv => kv.Key).Order();
            Assert.Equal(TaskViewFields.Concat(["type", "attempts", "job_id", "depends_on", "preview", "time_cost"]).Order(), keys);
        }

        var afterFirst = await Client.GetArray($"/tasks?after={ids[0]}&limit=2");
        Assert.Equal(ids.Skip(1).Take(2), afterFirst.Select(t => (long)t!["id"]!));
        var afterLast = await Client.GetArray($"/tasks?after={ids[^1]}&limit=1000");
        Assert.All(afterLast, t => Assert.True((long)t!["id"]! > ids[^1]));

        // Walking every page with after/limit yields the whole list, ending with an empty page.
        var walked = new List<long>();
        long after = 0;
        while (true)
        {
            var page = await Client.GetArray($"/tasks?after={after}&limit=3");
            if (page.Count == 0) break;
            Assert.True(page.Count <= 3);
            walked.AddRange(page.Select(t => (long)t!["id"]!));
            after = walked[^1];
        }
        Assert.Superset(ids.ToHashSet(), walked.ToHashSet());
        Assert.Equal(walked.Order(), walked);

        // Default limit is 100.
        var byDefault = await Client.GetArray("/tasks");
        Assert.True(byDefault.Count <= 100);
    }

    [Fact]
    public async Task Get_tasks_filters_by_status_and_worker_id()
    {
        var tag = Unique("t");
        var worker = await Client.RegisterId(Unique("w"), tag);
        var held = await Client.SubmitId([tag], priority: 100);
        var paused = await Client.SubmitId([tag]);
        Assert.Equal(held, await Client.Poll(worker));
        await Client.PatchTask(paused, """{"status":"paused"}""");

        var byWorker = await Client.GetArray($"/tasks?worker_id={worker}");
        var one = Assert.Single(byWorker);
        Assert.Equal(held, (long)one!["id"]!);
        Assert.Equal("rendering", (string)one["status"]!);
        Assert.Equal("blender_render", (string)one["type"]!);
        Assert.Equal(1, (int)one["attempts"]!);

        var pausedTasks = await Client.GetArray("/tasks?status=paused&limit=1000");
        Assert.Contains(pausedTasks, t => (long)t!["id"]! == paused);
        Assert.All(pausedTasks, t => Assert.Equal("paused", (string)t!["status"]!));

        var renderingForWorker = await Client.GetArray($"/tasks?status=rendering&worker_id={worker}");
        Assert.Equal([held], renderingForWorker.Select(t => (long)t!["id"]!));
        Assert.Empty(await Client.GetArray($"/tasks?status=queued&worker_id={worker}"));
    }

    [Theory]
    [InlineData("status=bogus")]
    [InlineData("status=")]
    [InlineData("worker_id=abc")]
    [InlineData("worker_id=1.5")]
    [InlineData("after=-1")]
    [InlineData("after=x")]
    [InlineData("after=99999999999999999999")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-5")]
    [InlineData("limit=ten")]
    public async Task Get_tasks_with_an_invalid_filter_or_page_value_is_400(string query)
    {
        var problem = await (await Client.GetAsync($"/tasks?{query}")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]);
    }

    [Fact]
    public async Task Get_tasks_accepts_the_limit_bounds()
    {
        await Client.SubmitId([Unique("t")]);
        Assert.Single(await Client.GetArray("/tasks?limit=1"));
        await Client.GetArray("/tasks?limit=1000");
    }
}
