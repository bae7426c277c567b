using System.Net;
using Manager.Http.Frames;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Cluster;

/// <summary>Two managers on one PostgreSQL database: a job's last frame stored through one node is served by the other, and a delete through either removes it.</summary>
public sealed class ClusterLastFrameTests
{
    [PostgresFact]
    public async Task A_frame_put_through_one_node_is_read_through_the_other_until_the_job_is_deleted()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var (a, b) = (cluster.A, cluster.B);

        var worker = await a.Client.RegisterId(Unique("render"));
        var job = (long)(await a.Client.SubmitJob(JobBody(frames: "1")))["id"]!;
        var task = await a.Client.Poll(worker);
        var assignment = await a.Client.Token(task!.Value);

        await (await a.Client.PutJpeg(LastFrames.PutPath(task.Value, worker, assignment, 1), LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);

        using var fromB = await b.Client.GetAsync($"/jobs/{job}/last-frame");
        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.Equal(LastFrames.TinyJpeg, await fromB.Content.ReadAsByteArrayAsync());
        Assert.Equal(task.Value.ToString(), Assert.Single(fromB.Headers.GetValues("X-Task-Id")));

        await (await b.Client.DeleteAsync($"/jobs/{job}")).Expect(HttpStatusCode.Accepted);
        await (await a.Client.GetAsync($"/jobs/{job}/last-frame")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(await a.Services.GetRequiredService<LastFrameStore>().ReadAsync(job)); // the row, not only the job, is gone
    }
}
