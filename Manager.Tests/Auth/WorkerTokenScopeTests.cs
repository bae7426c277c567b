using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>A worker token is bound to one worker: it acts for no other, touches no task but the one it holds, and flips no switch.</summary>
public sealed class WorkerTokenScopeTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task A_worker_token_acting_for_another_worker_id_is_403_and_changes_nothing()
    {
        var holder = await scene.EnrollWorker();
        var other = await scene.EnrollWorker();
        var task = await scene.HoldTask(holder);
        var before = await scene.Operator.GetTask(task);

        var asOther = scene.Bearer(other.Token);
        await asOther.PatchTask(task, $$"""{"worker_id":{{holder.Id}},"status":"failed","activity":"not mine"}""", HttpStatusCode.Forbidden);
        await (await asOther.PatchJson($"/workers/{holder.Id}", """{"status":"available"}""")).ExpectProblem(HttpStatusCode.Forbidden);

        var after = await scene.Operator.GetTask(task);
        Assert.True(JsonNode.DeepEquals(Without(before, "log_tail"), Without(after, "log_tail")), $"{before}\nvs\n{after}");
        Assert.Equal(task, await scene.Bearer(holder.Token).Poll(holder.Id, "rendering"));
    }

    [Fact]
    public async Task A_worker_reading_a_task_it_does_not_hold_is_403_and_updating_it_is_the_fencing_409()
    {
        var holder = await scene.EnrollWorker();
        var stranger = await scene.EnrollWorker();
        var held = await scene.HoldTask(holder);
        var queued = (long)(await scene.Operator.Submit(priority: -1000))["id"]!;
        var asStranger = scene.Bearer(stranger.Token);

        foreach (var task in new[] { held, queued })
        {
            await (await asStranger.GetAsync($"/tasks/{task}")).ExpectProblem(HttpStatusCode.Forbidden);
            await asStranger.PatchTask(task, $$"""{"worker_id":{{stranger.Id}},"status":"completed"}""", HttpStatusCode.Conflict);
        }

        Assert.Equal("rendering", (string?)(await scene.Operator.GetTask(held))["status"]);
        Assert.Equal(holder.Id, (long?)(await scene.Operator.GetTask(held))["worker_id"]);
        Assert.Equal("queued", (string?)(await scene.Operator.GetTask(queued))["status"]);
        // The holder itself reads and updates it.
        await scene.Bearer(holder.Token).GetTask(held);
        await scene.Bearer(holder.Token).PatchTask(held, $$"""{"worker_id":{{holder.Id}},"frame_current":2}""");
    }

    [Theory]
    [InlineData("disabled")]
    [InlineData("enabled")]
    public async Task A_worker_token_cannot_flip_its_own_operator_switch(string word)
    {
        var worker = await scene.EnrollWorker();
        if (word == "enabled") await scene.Operator.Poll(worker.Id, "disabled");
        var before = (string?)(await scene.Operator.GetObject("/workers"))[worker.Hostname]!["status"];

        await (await scene.Bearer(worker.Token).PatchJson($"/workers/{worker.Id}", $$"""{"status":"{{word}}"}"""))
            .ExpectProblem(HttpStatusCode.Forbidden);

        Assert.Equal(before, (string?)(await scene.Operator.GetObject("/workers"))[worker.Hostname]!["status"]);
        Assert.NotEqual(word, before);
    }

    private static JsonObject Without(JsonObject o, string field)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove(field);
        return copy;
    }
}
