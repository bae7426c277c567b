using System.Net;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// A worker update whose log chunk cannot be stored is answered 503 (never a 500 after a durable change): a status
/// change is not made; a progress report's progress stands. The same update sent again once the log can be written is
/// applied, and its chunk stored once.
/// </summary>
public class FailedLogAppendTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private ManagerApp App => fixture.App;

    [Fact]
    public async Task A_chunk_that_cannot_be_stored_leaves_the_task_unchanged_and_the_retry_is_applied()
    {
        var client = App.Client;
        var worker = await client.RegisterId(Unique("render"));
        var task = (long)(await client.Submit())["id"]!;
        Assert.Equal(task, await client.Poll(worker));
        var assignment = (long)(await client.GetTask(task))["assignment"]!;
        var before = await client.GetTask(task);

        // A trigger in the database refuses this task's chunks, as a full disk would.
        await Sql($"CREATE TRIGGER fail_task_{task} BEFORE INSERT ON task_log_chunks WHEN NEW.task_id = {task} BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;");
        var update = $$"""{"worker_id":{{worker}},"assignment":{{assignment}},"log_seq":1,"log":"Fra:7 Mem:9M | Sample 1/4\n","status":"completed"}""";
        var failed = await client.PatchJson($"/tasks/{task}", update);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nothing was changed", await failed.Content.ReadAsStringAsync());

        var after = await client.GetTask(task);
        Assert.Equal("rendering", (string)after["status"]!);
        Assert.Equal((long?)before["frame_current"], (long?)after["frame_current"]);
        Assert.Equal(before["history"]!.AsArray().Count, after["history"]!.AsArray().Count);

        await Sql($"DROP TRIGGER fail_task_{task};");
        await client.PatchTask(task, update);
        await client.PatchTask(task, update); // the repeat of the finishing update: 204, nothing stored twice
        var done = await client.GetTask(task);
        Assert.Equal("completed", (string)done["status"]!);
        Assert.Equal(7, (long)done["frame_current"]!);
        Assert.Equal("Fra:7 Mem:9M | Sample 1/4\n", await client.GetStringAsync($"/tasks/{task}/log"));
    }

    [Fact]
    public async Task A_progress_report_whose_chunk_cannot_be_stored_keeps_its_progress_and_the_retry_stores_the_chunk_once()
    {
        var client = App.Client;
        var worker = await client.RegisterId(Unique("render"));
        var task = (long)(await client.Submit())["id"]!;
        Assert.Equal(task, await client.Poll(worker));
        var assignment = (long)(await client.GetTask(task))["assignment"]!;

        await Sql($"CREATE TRIGGER fail_task_{task} BEFORE INSERT ON task_log_chunks WHEN NEW.task_id = {task} BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;");
        var update = $$"""{"worker_id":{{worker}},"assignment":{{assignment}},"log_seq":1,"log":"Fra:5 Mem:9M | Sample 1/4\n"}""";
        var failed = await client.PatchJson($"/tasks/{task}", update);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("the progress was taken but the log chunk was not stored", await failed.Content.ReadAsStringAsync());
        Assert.Equal(5, (long)(await client.GetTask(task))["frame_current"]!);
        Assert.Equal("", await client.GetStringAsync($"/tasks/{task}/log"));

        await Sql($"DROP TRIGGER fail_task_{task};");
        await client.PatchTask(task, update);
        await client.PatchTask(task, update); // a lost 204 repeated: stored once
        var after = await client.GetTask(task);
        Assert.Equal(("rendering", 5L), ((string)after["status"]!, (long)after["frame_current"]!));
        Assert.Equal("Fra:5 Mem:9M | Sample 1/4\n", await client.GetStringAsync($"/tasks/{task}/log"));
    }

    private Task Sql(string statement) => App.ExecuteSqlAsync(statement);
}
