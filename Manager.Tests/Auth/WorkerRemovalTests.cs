using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>DELETE /workers/{id}: the worker is forgotten — its token revoked, its task requeued, its host name free for a new id.</summary>
public sealed class WorkerRemovalTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task Removing_a_worker_revokes_its_token_requeues_its_task_and_frees_its_host_name_for_a_new_id()
    {
        var worker = await scene.EnrollWorker();
        var task = await scene.HoldTask(worker);
        var asWorker = scene.Bearer(worker.Token);

        await (await scene.Operator.DeleteAsync($"/workers/{worker.Id}")).Expect(HttpStatusCode.NoContent);

        var refused = await asWorker.PatchJson($"/workers/{worker.Id}", """{"status":"rendering"}""");
        await refused.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        await (await asWorker.PostJson("/workers", RouteContext.RegistrationBody(worker.Hostname))).ExpectProblem(HttpStatusCode.Unauthorized);

        var requeued = await scene.Operator.GetTask(task);
        Assert.Equal("queued", (string?)requeued["status"]);
        Assert.Null((long?)requeued["worker_id"]);
        Assert.DoesNotContain(await scene.Operator.GetArray("/tokens"), t => (long?)t!["worker_id"] == worker.Id);
        Assert.False((await scene.Operator.GetObject("/workers")).ContainsKey(worker.Hostname));

        var again = await scene.EnrollWorker(worker.Hostname);
        Assert.True(again.Id > worker.Id, $"the host name was enrolled again as {again.Id}, not as a new id above {worker.Id}");
        Assert.NotEqual(worker.Token, again.Token);
        Assert.Equal(again.Id, (long)(await scene.Operator.GetObject("/workers"))[worker.Hostname]!["id"]!);
        await (await scene.Operator.GetAsync($"/workers/{worker.Id}")).ExpectProblem(HttpStatusCode.NotFound);
    }
}
