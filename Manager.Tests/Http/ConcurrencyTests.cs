using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>Idempotency and many requests at the same instant over real HTTP (unique tags per test on one Manager).</summary>
public class ConcurrencyTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Twenty_workers_claiming_at_once_get_the_ten_queued_tasks_exactly_once()
    {
        var tag = Unique("t");
        var workers = new List<long>();
        for (var i = 0; i < 20; i++) workers.Add(await Client.RegisterId($"{tag}-w{i:00}", tag));
        var tasks = new List<long>();
        for (var i = 0; i < 10; i++) tasks.Add(await Client.SubmitId([tag]));

        using var start = new SemaphoreSlim(0);
        var claims = workers.Select(async w =>
        {
            await start.WaitAsync();
            return (Worker: w, Task: await Client.Poll(w));
        }).ToList();
        start.Release(claims.Count);
        var answers = await Task.WhenAll(claims);

        var handed = answers.Where(a => a.Task is not null).Select(a => a.Task!.Value).ToList();
        Assert.Equal(10, handed.Count);
        Assert.Equal(10, handed.Distinct().Count());
        Assert.Equal(tasks.Order(), handed.Order());
        Assert.Equal(10, answers.Count(a => a.Task is null));

        // Every assignment is what the manager records: the task is rendering on the worker that was told so.
        foreach (var (worker, task) in answers.Where(a => a.Task is not null))
        {
            var details = await Client.GetTask(task!.Value);
            Assert.Equal("rendering", (string)details["status"]!);
            Assert.Equal(worker, (long)details["worker_id"]!);
            Assert.Equal(1, (int)details["attempts"]!);
            Assert.Equal(task, await Client.Poll(worker, "rendering"));
        }
        var listed = await Client.GetObject("/workers");
        var current = listed.Where(kv => kv.Key.StartsWith(tag)).Select(kv => (long?)kv.Value!["current_task"]).ToList();
        Assert.Equal(20, current.Count);
        Assert.Equal(10, current.Count(c => c is null));
        Assert.Equal(tasks.Order(), current.OfType<long>().Order());
    }

    [Fact]
    public async Task Re_registering_returns_the_same_worker_even_all_at_once()
    {
        var hostname = Unique("same");
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Client.PostJson("/workers", $$"""{"hostname":"{{hostname}}","system":"Linux 6.1.0","port":5000}""")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = new HashSet<long>();
        foreach (var r in responses) ids.Add((long)(await r.ReadJson())[hostname]!["id"]!);
        Assert.Single(ids);

        var again = await Client.Register(hostname, expected: HttpStatusCode.OK);
        Assert.Equal(ids.Single(), (long)again["id"]!);
        Assert.Single(await Client.GetObject("/workers"), kv => kv.Key == hostname);
    }

    [Fact]
    public async Task Reposting_the_same_task_id_returns_the_same_task_even_all_at_once()
    {
        var tag = Unique("t");
        var taskId = (long)(await Client.Submit(tags: [tag]))["id"]! + 10_000;
        var body = SubmitBody(Json.BlenderSettings(3, 4), priority: 2, taskId: taskId, tags: [tag]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Client.PostJson("/tasks", body)));
        var views = new List<JsonNode>();
        foreach (var r in responses) views.Add(await r.ExpectJson(HttpStatusCode.Accepted));
        Assert.All(views, v => Assert.True(JsonNode.DeepEquals(views[0], v), $"{views[0]} vs {v}"));
        Assert.Equal(taskId, (long)views[0]["id"]!);
        Assert.Single(await Client.GetArray("/tasks?limit=1000"), t => (long)t!["id"]! == taskId);

        // A different body for the same id is a conflict and creates nothing.
        await (await Client.PostJson("/tasks", SubmitBody(Json.BlenderSettings(3, 5), priority: 2, taskId: taskId, tags: [tag])))
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(4, (long)(await Client.GetTask(taskId))["frame_end"]!);
    }

    [Fact]
    public async Task Concurrent_submissions_get_distinct_growing_ids()
    {
        var tag = Unique("t");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.PostJson("/tasks", SubmitBody(tags: [tag]))));
        var ids = new List<long>();
        foreach (var r in responses) ids.Add((long)(await r.ExpectJson(HttpStatusCode.Accepted))["id"]!);
        Assert.Equal(20, ids.Distinct().Count());
        var later = await Client.SubmitId([tag]);
        Assert.True(later > ids.Max());
    }
}
