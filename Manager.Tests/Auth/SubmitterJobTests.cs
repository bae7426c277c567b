using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>Jobs with authentication on: a submitter submits them (video included), changes only its own, and the audit
/// records who acted.</summary>
public sealed class SubmitterJobTests(AuthScene scene) : IClassFixture<AuthScene>
{
    [Fact]
    public async Task A_submitters_job_gets_the_video_task_the_manager_compiled_though_it_may_not_submit_exec_command()
    {
        var submitter = scene.Bearer((await scene.CreateToken("submitter")).Token);

        var job = await submitter.SubmitJob(HttpApi.JobBody("1-3", fps: 24));

        var tasks = await submitter.GetArray($"/jobs/{(long)job["id"]!}/tasks");
        var video = await submitter.GetTask((long)tasks[^1]!["id"]!);
        Assert.Equal("exec_command", (string)video["type"]!);
        Assert.Equal("ffmpeg", (string)video["commands"]![0]!["argv"]![0]!);
        Assert.Equal((string)job["submitted_by"]!, (string)video["submitted_by"]!);
        await (await submitter.PostJson("/tasks", HttpApi.SubmitBody(HttpApi.ExecSettings("ffmpeg", "-version"), "exec_command")))
            .ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_submitter_changes_and_deletes_only_its_own_jobs_and_the_audit_names_who_did_what()
    {
        var ownerToken = await scene.CreateToken("submitter");
        var owner = scene.Bearer(ownerToken.Token);
        var intruder = scene.Bearer((await scene.CreateToken("submitter")).Token);
        var id = (long)(await owner.SubmitJob(HttpApi.JobBody("1-2")))["id"]!;

        await (await intruder.PatchJson($"/jobs/{id}", """{"status":"canceled"}""")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await intruder.DeleteAsync($"/jobs/{id}")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal("queued", (string)(await intruder.GetJob(id))["status"]!);

        await (await owner.PatchJson($"/jobs/{id}", """{"priority":3}""")).Expect(HttpStatusCode.NoContent);
        await (await scene.Operator.PatchJson($"/jobs/{id}", """{"status":"paused"}""")).Expect(HttpStatusCode.NoContent);
        await (await owner.DeleteAsync($"/jobs/{id}")).Expect(HttpStatusCode.Accepted);

        var audit = await scene.Operator.GetArray("/audit?limit=1000");
        var entries = audit.Where(e => (string)e!["target"]! == $"job/{id}").Select(e => ((string)e!["action"]!, (string)e["by"]!)).ToList();
        var submitterName = (string)(await scene.Operator.GetArray("/tokens")).Single(t => (long)t!["id"]! == ownerToken.Id)!["name"]!;
        Assert.Equal(["job.priority", "job.status", "job.delete"], entries.Select(e => e.Item1));
        Assert.Equal([submitterName, submitterName], entries.Where(e => e.Item1 != "job.status").Select(e => e.Item2));
        Assert.NotEqual(submitterName, entries.Single(e => e.Item1 == "job.status").Item2); // the operator's token
    }
}
