using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Http;

/// <summary>A job's last frame is in the SQLite file, not in memory: a manager started again on the same file serves it.</summary>
public sealed class LastFrameRestartTests
{
    [Fact]
    public async Task A_restarted_manager_serves_the_frame_stored_before()
    {
        using var dir = new TempDirectory("manager-frame-restart");
        long job;
        await using (var before = await ManagerApp.StartAsync(dir.Path))
        {
            var worker = await before.Client.RegisterId(HttpApi.Unique("render"));
            job = (long)(await before.Client.SubmitJob(HttpApi.JobBody(frames: "1")))["id"]!;
            var task = await before.Client.Poll(worker);
            var assignment = await before.Client.Token(task!.Value);
            await (await before.Client.PutJpeg(LastFrames.PutPath(task.Value, worker, assignment, 1), LastFrames.TinyJpeg))
                .Expect(HttpStatusCode.NoContent);
        }

        await using var after = await ManagerApp.StartAsync(dir.Path);
        using var answer = await after.Client.GetAsync($"/jobs/{job}/last-frame");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(LastFrames.TinyJpeg, await answer.Content.ReadAsByteArrayAsync());
    }
}
