using System.Net;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Logs;

/// <summary>Task log chunks through the HTTP API of a real manager: holder only, stored once, durable before the 204.</summary>
public sealed class TaskLogHttpTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    private static string Chunk(long worker, long assignment, long seq, string log) =>
        $$"""{"worker_id":{{worker}},"assignment":{{assignment}},"log_seq":{{seq}},"log":"{{log}}"}""";

    [Fact]
    public async Task A_resent_chunk_is_answered_204_and_stored_once()
    {
        var worker = await Client.RegisterId(Unique("render"));
        var task = await Client.SubmitId();
        Assert.Equal(task, await Client.Poll(worker));
        var assignment = await Client.Token(task);

        await Client.PatchTask(task, Chunk(worker, assignment, 1, "Fra:1 Mem:1M\\n"));
        await Client.PatchTask(task, Chunk(worker, assignment, 2, "Fra:2 Mem:1M\\n"));
        await Client.PatchTask(task, Chunk(worker, assignment, 2, "Fra:2 Mem:1M\\n")); // its first answer was lost
        await Client.PatchTask(task, Chunk(worker, assignment, 1, "Fra:1 Mem:1M\\n"));

        Assert.Equal("Fra:1 Mem:1M\nFra:2 Mem:1M\n", await Client.GetStringAsync($"/tasks/{task}/log"));
        Assert.Equal("Fra:1 Mem:1M\nFra:2 Mem:1M\n", (string?)(await Client.GetTask(task))["log_tail"]);
    }

    [Fact]
    public async Task A_chunk_from_a_worker_that_does_not_hold_the_task_is_refused_and_not_stored()
    {
        var holder = await Client.RegisterId(Unique("render"));
        var other = await Client.RegisterId(Unique("render"));
        var task = await Client.SubmitId();
        Assert.Equal(task, await Client.Poll(holder));
        var first = await Client.Token(task);
        await Client.PatchTask(task, Chunk(holder, first, 1, "kept\\n"));

        await Client.PatchTask(task, Chunk(other, first, 2, "not the holder\\n"), HttpStatusCode.Conflict);
        Assert.Equal(task, await Client.Poll(holder)); // the holder restarted: the same task under a new assignment
        var second = await Client.Token(task);
        await Client.PatchTask(task, Chunk(holder, first, 2, "superseded assignment\\n"), HttpStatusCode.Conflict);
        await Client.PatchTask(task, Chunk(holder, second, 1, "new assignment\\n"));

        Assert.Equal("kept\nnew assignment\n", await Client.GetStringAsync($"/tasks/{task}/log"));
    }

    [Fact]
    public async Task Deleting_a_task_deletes_its_log()
    {
        var worker = await Client.RegisterId(Unique("render"));
        var task = await Client.SubmitId();
        Assert.Equal(task, await Client.Poll(worker));
        await Client.PatchTask(task, Chunk(worker, await Client.Token(task), 1, "x\\n"));

        await (await Client.DeleteAsync($"/tasks/{task}")).Expect(HttpStatusCode.Accepted);

        await (await Client.GetAsync($"/tasks/{task}/log")).ExpectProblem(HttpStatusCode.NotFound);
        var store = (Manager.Http.Logs.TaskLogStore)fixture.App.Services.GetService(typeof(Manager.Http.Logs.TaskLogStore))!;
        Assert.Null(await store.OpenReadAsync(task));
    }

    /// <summary>
    /// The manager as its own process, SIGKILLed right after the 204s of concurrent chunks: after the restart every
    /// acknowledged chunk is there, once, and a chunk sent again is still a repeat.
    /// </summary>
    [Fact]
    public async Task Every_chunk_answered_204_is_there_after_the_manager_process_is_killed()
    {
        using var dir = new TempDirectory("manager-log-crash");
        using var manager = ManagerProcesses.OnSqlite(dir.Path);
        await manager.StartAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }.Authorize(TestTokens.Operator);

        var workers = new List<(long Worker, long Task, long Assignment)>();
        for (var i = 0; i < 4; i++)
        {
            var worker = await http.RegisterId(Unique("render"));
            var task = await http.SubmitId();
            Assert.Equal(task, await http.Poll(worker));
            workers.Add((worker, task, await http.Token(task)));
        }
        // 4 workers × 10 chunks, each worker's chunks in order, the workers at the same time.
        await Task.WhenAll(workers.Select(async w =>
        {
            for (var seq = 1; seq <= 10; seq++) await http.PatchTask(w.Task, Chunk(w.Worker, w.Assignment, seq, $"task {w.Task} line {seq}\\n"));
        }));

        manager.Kill();
        await manager.StartAsync(TimeSpan.FromSeconds(30));

        foreach (var w in workers)
        {
            var expected = string.Concat(Enumerable.Range(1, 10).Select(seq => $"task {w.Task} line {seq}\n"));
            Assert.Equal(expected, await http.GetStringAsync($"/tasks/{w.Task}/log"));
            await http.PatchTask(w.Task, Chunk(w.Worker, w.Assignment, 10, $"task {w.Task} line 10\\n")); // a repeat after the restart
            Assert.Equal(expected, await http.GetStringAsync($"/tasks/{w.Task}/log"));
        }
    }
}
