using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>A submitter changes, cancels and deletes only what it submitted, and cannot submit commands of its own (exec_command).</summary>
public sealed class SubmitterOwnershipTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task A_submitter_changing_or_deleting_another_submitters_task_is_403_and_nothing_changes()
    {
        var owner = scene.Bearer((await scene.CreateToken("submitter")).Token);
        var intruder = scene.Bearer((await scene.CreateToken("submitter")).Token);
        var task = (long)(await owner.Submit(priority: 1))["id"]!;
        var before = await scene.Operator.StateSnapshot();

        await intruder.PatchTask(task, """{"priority":99}""", HttpStatusCode.Forbidden);
        await intruder.PatchTask(task, """{"status":"canceled"}""", HttpStatusCode.Forbidden);
        await intruder.PatchTask(task, """{"status":"paused"}""", HttpStatusCode.Forbidden);
        await (await intruder.DeleteAsync($"/tasks/{task}")).ExpectProblem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await scene.Operator.StateSnapshot());
        // The intruder still reads it, and its owner changes it.
        Assert.Equal(1, (long)(await intruder.GetTask(task))["priority"]!);
        await owner.PatchTask(task, """{"priority":2}""");
        await (await owner.DeleteAsync($"/tasks/{task}")).Expect(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_submitter_may_not_change_the_operators_task()
    {
        var task = (long)(await scene.Operator.Submit())["id"]!;
        var submitter = scene.Bearer(scene.Submitter.Token);

        await submitter.PatchTask(task, """{"status":"paused"}""", HttpStatusCode.Forbidden);
        await (await submitter.DeleteAsync($"/tasks/{task}")).ExpectProblem(HttpStatusCode.Forbidden);

        Assert.Equal("queued", (string?)(await scene.Operator.GetTask(task))["status"]);
    }

    [Fact]
    public async Task A_submitter_submitting_exec_command_is_403_and_no_task_is_created()
    {
        var submitter = scene.Bearer(scene.Submitter.Token);
        var before = await scene.Operator.GetArray("/tasks?limit=1000");

        var refused = await (await submitter.PostJson("/tasks", HttpApi.SubmitBody(HttpApi.ExecSettings("/bin/sh", "-c", "id"), "exec_command")))
            .ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Contains("exec_command", (string)refused["detail"]!);

        Assert.Equal(before.ToJsonString(), (await scene.Operator.GetArray("/tasks?limit=1000")).ToJsonString());
        await scene.Operator.Submit(HttpApi.ExecSettings("/bin/true"), "exec_command");
    }
}
