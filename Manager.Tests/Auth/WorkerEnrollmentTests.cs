using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>
/// POST /workers with credentials (docs/api.md, "Credentials and who may call what"): an enrollment token enrolls a new host name once and gets the
/// worker's own token; the worker's own token re-registers it; a registered host name is nobody else's.
/// </summary>
public sealed class WorkerEnrollmentTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task Enrolling_a_registered_host_name_that_has_a_credential_is_409_and_the_worker_is_unchanged()
    {
        var worker = await scene.EnrollWorker();
        var listed = await WorkerEntry(worker.Hostname);
        var details = await scene.Operator.GetObject($"/workers/{worker.Id}");

        var body = new JsonObject { ["hostname"] = worker.Hostname, ["system"] = "Plan 9", ["port"] = 6000, ["tags"] = new JsonArray("stolen") };
        await (await scene.Enrollment.PostJson("/workers", body.ToJsonString())).ExpectProblem(HttpStatusCode.Conflict);

        Assert.True(JsonNode.DeepEquals(listed, await WorkerEntry(worker.Hostname)), $"GET /workers changed: {listed}");
        Assert.True(JsonNode.DeepEquals(details, await scene.Operator.GetObject($"/workers/{worker.Id}")), "GET /workers/{id} changed");
        // The worker's own credential still works.
        Assert.Null(await scene.Bearer(worker.Token).Poll(worker.Id, "rendering"));
    }

    [Fact]
    public async Task Two_concurrent_enrollments_of_one_new_host_name_give_exactly_one_201_with_a_token_and_one_409()
    {
        for (var round = 0; round < 10; round++)
        {
            var hostname = HttpApi.Unique("race");
            var answers = await Task.WhenAll(
                scene.Enrollment.PostJson("/workers", Body(hostname, "Linux A")),
                scene.Enrollment.PostJson("/workers", Body(hostname, "Linux B")));

            var texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
            var seen = string.Join("\n", answers.Zip(texts, (a, t) => $"{(int)a.StatusCode} {t}"));
            Assert.True(answers.Select(a => a.StatusCode).Order().SequenceEqual([HttpStatusCode.Created, HttpStatusCode.Conflict]),
                $"round {round}: expected one 201 and one 409:\n{seen}");
            var created = answers.Single(a => a.StatusCode == HttpStatusCode.Created);
            var refused = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            await refused.ExpectProblem(HttpStatusCode.Conflict);

            var entry = (JsonObject)((JsonObject)await created.ExpectJson(HttpStatusCode.Created))[hostname]!;
            Assert.False(string.IsNullOrEmpty((string?)entry["token"]), $"round {round}: the 201 carries no token:\n{seen}");
            var id = (long)entry["id"]!;
            // The refused request changed nothing: the worker is registered as the 201 asked.
            Assert.Equal(id, (long)(await WorkerEntry(hostname))["id"]!);
            Assert.Equal((string?)entry["system"], (string?)(await WorkerEntry(hostname))["system"]);
            Assert.Null(await scene.Bearer((string)entry["token"]!).Poll(id, "rendering"));
        }
    }

    [Fact]
    public async Task Re_registering_with_the_workers_own_token_is_200_with_the_same_id_and_no_token()
    {
        var worker = await scene.EnrollWorker();
        var tokensBefore = await scene.Operator.GetArray("/tokens");

        var again = await scene.Bearer(worker.Token).Register(worker.Hostname, expected: HttpStatusCode.OK);

        Assert.Equal(worker.Id, (long)again["id"]!);
        Assert.False(again.ContainsKey("token"), $"a re-registration answered a token: {again}");
        Assert.Equal(tokensBefore.ToJsonString(), (await scene.Operator.GetArray("/tokens")).ToJsonString());
        Assert.Equal(worker.Id, (long)(await WorkerEntry(worker.Hostname))["id"]!);
    }

    [Fact]
    public async Task A_worker_token_cannot_register_another_host_name()
    {
        var worker = await scene.EnrollWorker();
        var other = await scene.EnrollWorker();
        var asWorker = scene.Bearer(worker.Token);

        await (await asWorker.PostJson("/workers", RouteContext.RegistrationBody(other.Hostname))).ExpectProblem(HttpStatusCode.Conflict);
        var fresh = HttpApi.Unique("render");
        await (await asWorker.PostJson("/workers", RouteContext.RegistrationBody(fresh))).ExpectProblem(HttpStatusCode.Forbidden);

        Assert.False((await scene.Operator.GetObject("/workers")).ContainsKey(fresh));
    }

    private static string Body(string hostname, string system) =>
        new JsonObject { ["hostname"] = hostname, ["system"] = system, ["port"] = 5000 }.ToJsonString();

    /// <summary>The worker as GET /workers lists it, without what changes with time alone.</summary>
    private async Task<JsonObject> WorkerEntry(string hostname)
    {
        var entry = (JsonObject)(await scene.Operator.GetObject("/workers"))[hostname]!.DeepClone();
        entry.Remove("last_seen");
        entry.Remove("connection");
        return entry;
    }
}
