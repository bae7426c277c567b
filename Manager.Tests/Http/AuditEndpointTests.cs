using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>GET /audit over a real manager: operator and submitter actions, in order, with who made them.</summary>
public class AuditEndpointTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private ManagerApp App => fixture.App;

    [Fact]
    public async Task Operator_and_submitter_actions_are_listed_in_order_with_who_made_them_and_worker_facts_are_not()
    {
        var op = App.Client;
        // The two tokens given by configuration are issued at start: the first entries.
        var startup = await AuditUntil(op, "/audit", 2);
        Assert.All(startup, e => Assert.Equal(("token.create", "manager"), ((string)e["action"]!, (string)e["by"]!)));
        var before = (long)startup[^1]["id"]!;

        var created = (JsonObject)await (await op.PostJson("/tokens", """{"name":"pipeline","role":"submitter"}""")).ExpectJson(HttpStatusCode.Created);
        using var submitter = new HttpClient { BaseAddress = App.BaseAddress }.Authorize((string)created["token"]!);
        var worker = await op.RegisterId("render-01"); // also issues the worker's own credential
        var task = (long)(await submitter.Submit())["id"]!;
        Assert.Equal(task, await op.Poll(worker)); // a worker fact: not audited (nor is the submission: the task shows it)
        await submitter.PatchTask(task, """{"status":"canceled"}""");
        await (await op.PatchJson("/settings/task_max_attempts", """{"value":5}""")).Expect(HttpStatusCode.OK);
        await (await op.PatchJson($"/workers/{worker}", """{"status":"disabled"}""")).ExpectJson(HttpStatusCode.OK);

        var entries = await AuditUntil(op, $"/audit?after={before}", 5);
        const string operatorName = "operator (configuration)";
        Assert.Equal(
            [
                ("token.create", operatorName, $"token/{(long)created["id"]!}"),
                ("token.create", operatorName, $"token/{(long)created["id"]! + 1}"),
                ("task.status", "pipeline", $"task/{task}"),
                ("settings.change", operatorName, "settings"),
                ("worker.disable", operatorName, $"worker/{worker}"),
            ],
            entries.Select(e => ((string)e["action"]!, (string)e["by"]!, (string)e["target"]!)).ToList());
        Assert.Contains($"for worker/{worker}", (string)entries[1]["detail"]!);
        Assert.StartsWith("canceled", (string)entries[2]["detail"]!);
        Assert.Equal("task_max_attempts=5", (string)entries[3]["detail"]!);
        var ids = entries.Select(e => (long)e["id"]!).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // Paging: after the second entry come the other three, and a page of one is the next one.
        var rest = await op.GetArray($"/audit?after={ids[1]}");
        Assert.Equal(ids.Skip(2), rest.Select(e => (long)e!["id"]!));
        var one = await op.GetArray($"/audit?after={ids[1]}&limit=1");
        Assert.Equal([ids[2]], one.Select(e => (long)e!["id"]!));
        await (await op.GetAsync("/audit?limit=0")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await submitter.GetAsync("/audit")).ExpectProblem(HttpStatusCode.Forbidden);
    }

    /// <summary>Audit entries are read from the journal, which shows a write within about a second: wait for them.</summary>
    private static async Task<List<JsonNode>> AuditUntil(HttpClient client, string path, int count)
    {
        var entries = new List<JsonNode>();
        await Wait.Until(async () => (entries = (await client.GetArray(path)).Select(e => e!).ToList()).Count >= count,
            Bound, $"{count} audit entries at {path}", () => $"{entries.Count} entries:\n{string.Join("\n", entries)}", TimeSpan.FromMilliseconds(100));
        return entries;
    }
}
