using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Manager.Worker;
using Xunit.Abstractions;

namespace Manager.Tests.EndToEnd;

/// <summary>
/// The last rendered frame for real: a worker agent renders with the real Blender, makes a picture of the frame Blender
/// saved with the real ffmpeg and sends it; the manager serves it for the job. A task submitted alone sends none.
/// Skipped without Blender, ffmpeg or ffprobe (failed on CI).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LastFrameEndToEndTests(TinySceneFixture scene, ITestOutputHelper output) : IClassFixture<TinySceneFixture>
{
    private static readonly TimeSpan RenderBound = TimeSpan.FromSeconds(120);

    [BlenderAndFfmpegFact]
    public async Task A_rendered_jobs_last_frame_is_a_small_jpeg_and_a_task_alone_sends_none()
    {
        var blend = scene.ScenePath;
        await using var farm = await RealFarm.StartAsync();
        try
        {
            farm.StartWorker("render-a", scene.BlenderPath!);
            var outDir = Path.Combine(farm.Root, "out");

            var alone = await farm.SubmitRender(new { filepath = blend, frame_start = 1, frame_end = 1, format = "PNG", output = Path.Combine(outDir, "alone_####") });
            await farm.Until($"task {alone} completed", RenderBound, async () =>
            {
                var task = await farm.GetJson($"/tasks/{alone}");
                return ((string?)task["status"] == "completed" ? task : null, task.ToJsonString());
            });

            var submitted = await farm.Send(HttpMethod.Post, "/jobs", new
            {
                name = "shot 020", type = "blender_render",
                settings = new { filepath = blend, frames = "1-2", chunk_size = 2, format = "PNG", output = Path.Combine(outDir, "frame_####") },
            }, HttpStatusCode.Accepted);
            var jobId = (long)submitted["id"]!;
            await farm.Until($"job {jobId} completed", RenderBound, async () =>
            {
                var job = await farm.GetJson($"/jobs/{jobId}");
                if ((string?)job["status"] is "failed" or "canceled") Assert.Fail($"job {jobId} ended {job["status"]}\n{farm.EventLog}");
                return ((string?)job["status"] == "completed" ? job : null, job.ToJsonString());
            });
            var jobTask = (long)((JsonArray)await farm.GetJson($"/jobs/{jobId}/tasks"))[0]!["id"]!;

            using var answer = await farm.Http.GetAsync($"/jobs/{jobId}/last-frame");
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"GET /jobs/{jobId}/last-frame: {(int)answer.StatusCode}\n{farm.EventLog}");
            Assert.Equal("image/jpeg", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(jobTask.ToString(), Assert.Single(answer.Headers.GetValues("X-Task-Id")));
            Assert.Contains(Assert.Single(answer.Headers.GetValues("X-Frame")), new[] { "1", "2" });
            var picture = Path.Combine(farm.Root, "last-frame.jpg");
            await File.WriteAllBytesAsync(picture, await answer.Content.ReadAsByteArrayAsync());
            var (codec, width, height) = await Ffprobe.Picture(picture);
            Assert.Equal("mjpeg", codec);
            Assert.True(width <= FramePicture.MaxSide && height <= FramePicture.MaxSide, $"{width}×{height} is over {FramePicture.MaxSide}");
            Assert.Equal((64, 64), (width, height)); // the tiny scene's size: never scaled up

            Assert.DoesNotContain(farm.Events, e => e.Contains("Warning") && (e.Contains("picture") || e.Contains("frame")));
            Assert.DoesNotContain(farm.Events, e => e.Contains("LastFrameSent") && e.Contains($"task {alone}:"));
        }
        finally
        {
            output.WriteLine(farm.EventLog);
        }
    }
}
