using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Xunit.Abstractions;

namespace Manager.Tests.EndToEnd;

/// <summary>
/// A whole job for real: a submitter posts a shot (the tiny scene of <see cref="TinySceneFixture"/>, frames 1–12,
/// chunks of 3, preview-first every 4th frame, a 24 fps video), two worker agents render it with the real Blender and
/// encode the video with the real <c>ffmpeg</c>, and <c>ffprobe</c> counts the video's frames.
/// Skipped without Blender, ffmpeg or ffprobe (failed on CI); see <see cref="BlenderAndFfmpegFactAttribute"/>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class JobEndToEndTests(TinySceneFixture scene, ITestOutputHelper output) : IClassFixture<TinySceneFixture>
{
    // About 15 s on an idle machine; a one-frame render took 26 s with the machine shared four ways, hence the margin.
    private static readonly TimeSpan JobBound = TimeSpan.FromSeconds(180);

    /// <summary>What the compiler makes of frames 1-12, chunk 3, preview_first with step 4, and a video: previews, chunks, the video.</summary>
    private static readonly (long Start, long End)[] PreviewRuns = [(1, 1), (5, 5), (9, 9), (12, 12)];
    private static readonly (long Start, long End)[] ChunkRuns = [(2, 4), (6, 8), (10, 11)];
    private static readonly (long Start, long End) VideoRun = (1, 12);

    [BlenderAndFfmpegFact]
    public async Task A_submitted_shot_renders_previews_first_on_two_workers_and_ends_as_a_12_frame_video()
    {
        var blend = scene.ScenePath;
        await using var farm = await RealFarm.StartAsync();
        try
        {
            farm.StartWorker("render-a", scene.BlenderPath!);
            farm.StartWorker("render-b", scene.BlenderPath!);
            var artist = await farm.SubmitterClient("artist");
            var outDir = Path.Combine(farm.Root, "out");
            var video = Path.Combine(outDir, "shot.mp4");
            var clock = Stopwatch.StartNew();

            var submitted = await farm.Send(HttpMethod.Post, "/jobs", new
            {
                name = "shot 010",
                type = "blender_render",
                settings = new
                {
                    filepath = blend, frames = "1-12", chunk_size = 3, frame_order = "preview_first", preview_step = 4,
                    format = "PNG", output = Path.Combine(outDir, "frame_####"),
                    video = new { fps = 24, output = video },
                },
            }, HttpStatusCode.Accepted, artist);
            var jobId = (long)submitted["id"]!;

            var job = await farm.Until("the job completed", JobBound, async () =>
            {
                var j = await farm.GetJson($"/jobs/{jobId}");
                if ((string?)j["status"] is "failed" or "canceled")
                    Assert.Fail($"job {jobId} ended {j["status"]}: {j["activity"]}\n{await FailedTaskLogs(farm, jobId)}\nWorker events:\n{farm.EventLog}");
                return ((string?)j["status"] == "completed" ? j : null, j.ToJsonString());
            });
            output.WriteLine($"job {jobId} completed {clock.Elapsed.TotalSeconds:0.0} s after its submission: {job["activity"]}");
            Assert.Equal(12, (int)job["frames_done"]!);

            var listed = (JsonArray)await farm.GetJson($"/jobs/{jobId}/tasks");
            var tasks = new List<JsonNode>();
            foreach (var id in listed.Select(t => (long)t!["id"]!))
                tasks.Add(await farm.GetJson($"/tasks/{id}"));
            Assert.Equal(PreviewRuns.Concat(ChunkRuns).Append(VideoRun), tasks.Select(t => ((long)t["frame_start"]!, (long)t["frame_end"]!)));
            var previews = tasks[..PreviewRuns.Length];
            var chunks = tasks[PreviewRuns.Length..^1];
            var videoTask = tasks[^1];
            foreach (var task in tasks)
                output.WriteLine($"task {task["id"]} ({task["type"]}, frames {task["frame_start"]}-{task["frame_end"]}) on worker {task["worker_id"]}: " +
                                 $"rendering {FirstAt(task, "rendering"):HH:mm:ss.fff}, completed {FirstAt(task, "completed"):HH:mm:ss.fff}");

            var lastPreviewDone = previews.Max(t => FirstAt(t, "completed"));
            var firstChunkStart = chunks.Min(t => FirstAt(t, "rendering"));
            Assert.True(lastPreviewDone < firstChunkStart,
                $"the last preview completed at {lastPreviewDone:HH:mm:ss.fff}, after the first chunk started rendering at {firstChunkStart:HH:mm:ss.fff}");
            var lastRenderDone = previews.Concat(chunks).Max(t => FirstAt(t, "completed"));
            Assert.True(lastRenderDone < FirstAt(videoTask, "rendering"), "the video task started before every render task completed");
            Assert.Equal("exec_command", (string?)videoTask["type"]);
            Assert.Equal("ffmpeg", (string?)videoTask["commands"]![0]!["argv"]![0]);

            await RenderedFrames.AssertPngs(outDir, Enumerable.Range(1, 12), Path.GetFileName(video));
            Assert.True(new FileInfo(video).Length > 0, $"{video} is empty");
            Assert.Equal("12", await Ffprobe.Run("-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", video));
            Assert.Equal("24/1", await Ffprobe.Run("-v", "error", "-select_streams", "v:0", "-show_entries", "stream=r_frame_rate", "-of", "csv=p=0", video));
            Assert.Equal("h264", await Ffprobe.Run("-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", video));
        }
        finally
        {
            output.WriteLine(farm.EventLog);
        }
    }

    /// <summary>When the task first reached <paramref name="status"/>, from its history.</summary>
    private static DateTimeOffset FirstAt(JsonNode task, string status) =>
        task["history"]!.AsArray().FirstOrDefault(h => (string?)h!["status"] == status) is { } entry
            ? DateTimeOffset.Parse((string)entry["at"]!, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"task {task["id"]} was never {status}: {task["history"]!.ToJsonString()}");

    private static async Task<string> FailedTaskLogs(RealFarm farm, long jobId)
    {
        var logs = new List<string>();
        foreach (var task in ((JsonArray)await farm.GetJson($"/jobs/{jobId}/tasks")).Where(t => (string?)t!["status"] == "failed"))
            logs.Add($"task {task!["id"]} failed:\n{await farm.GetText($"/tasks/{task["id"]}/log")}");
        return string.Join('\n', logs);
    }
}
