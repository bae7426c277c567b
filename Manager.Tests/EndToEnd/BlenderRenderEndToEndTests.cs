using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Manager.Tests.EndToEnd;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    /// <summary>Real Blender renders are CPU-heavy: this collection runs on its own, after the parallel ones.</summary>
    public const string Name = "EndToEnd";
}

/// <summary>
/// The whole farm for real: the manager (Kestrel on loopback, SQLite), worker agents talking to it
/// over HTTP, and Blender rendering the tiny Cycles scene of <see cref="TinySceneFixture"/>.
/// Skipped without Blender (failed on CI); see <see cref="BlenderLocator"/>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BlenderRenderEndToEndTests(TinySceneFixture scene, ITestOutputHelper output) : IClassFixture<TinySceneFixture>
{
    private static readonly TimeSpan RenderBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StepBound = TimeSpan.FromSeconds(20);

    [BlenderFact]
    public async Task Two_workers_render_six_frames_split_over_three_tasks()
    {
        var blend = scene.ScenePath;
        await using var farm = await RealFarm.StartAsync();
        try
        {
            var agents = new[] { farm.StartWorker("render-a", scene.BlenderPath!), farm.StartWorker("render-b", scene.BlenderPath!) };
            var outDir = Path.Combine(farm.Root, "out");
            var pattern = Path.Combine(outDir, "frame_####");

            var ids = new List<long>();
            foreach (var (start, end) in new[] { (1, 2), (3, 4), (5, 6) })
                ids.Add(await farm.SubmitRender(new { filepath = blend, frame_start = start, frame_end = end, format = "PNG", output = pattern }));

            var tasks = await farm.Until("all three tasks completed", RenderBound, async () =>
            {
                var list = (JsonArray)await farm.GetJson("/tasks");
                if (list.FirstOrDefault(t => (string?)t!["status"] is "failed" or "canceled") is { } bad)
                    Assert.Fail($"task {bad["id"]} ended {bad["status"]}:\n{await farm.GetText($"/tasks/{bad["id"]}/log")}\nWorker events:\n{farm.EventLog}");
                return (list.Count == 3 && list.All(t => (string?)t!["status"] == "completed") ? list : null, list.ToJsonString());
            });

            var workers = (JsonObject)await farm.GetJson("/workers");
            var workerIds = workers.Select(w => (long)w.Value!["id"]!).ToHashSet();
            Assert.Equal(["render-a", "render-b"], workers.Select(w => w.Key).Order());

            Assert.Equal(ids, tasks.Select(t => (long)t!["id"]!));
            foreach (var task in tasks.Select(t => t!))
            {
                var id = (long)task["id"]!;
                Assert.Equal("completed", (string?)task["status"]);
                Assert.Equal("blender_render", (string?)task["type"]);
                Assert.Equal("PNG", (string?)task["format"]);
                Assert.Equal(1, (int)task["attempts"]!);
                Assert.NotNull(task["frame_current"]);
                Assert.Equal((long)task["frame_end"]!, (long)task["frame_current"]!);
                Assert.True(task["worker_id"] is JsonValue && workerIds.Contains((long)task["worker_id"]!),
                    $"task {id} was completed by worker {task["worker_id"]}, not one of the registered workers {string.Join(", ", workerIds)}");

                var log = await farm.GetText($"/tasks/{id}/log");
                for (var frame = (long)task["frame_start"]!; frame <= (long)task["frame_end"]!; frame++)
                {
                    var file = RenderedFrames.PngOf(outDir, frame);
                    Assert.Contains($"Saved: '{file}'", log);
                    Assert.Contains($"Fra:{frame} ", log);
                }
                output.WriteLine($"task {id}: frames {task["frame_start"]}-{task["frame_end"]} by worker {task["worker_id"]}");
            }

            await RenderedFrames.AssertPngs(outDir, Enumerable.Range(1, 6));
            // Blender's output went on the workers' log streams, not a PATCH per chunk.
            Assert.True(agents.Sum(a => a.LogStream.Acknowledged) > 0, $"no chunk was acknowledged on a log stream:\n{farm.EventLog}");
            Assert.DoesNotContain("log stream could not be opened", farm.EventLog);

            var busy = tasks.Select(t => (long)t!["worker_id"]!).Distinct().Count();
            output.WriteLine(busy == 2 ? "both workers rendered" : "only one worker got tasks this time (not an error)");
        }
        finally
        {
            output.WriteLine(farm.EventLog);
        }
    }

    [BlenderFact]
    public async Task A_render_of_a_missing_blend_file_fails_with_blenders_error()
    {
        _ = scene.ScenePath; // Blender must be there (the scene proves it runs)
        await using var farm = await RealFarm.StartAsync();
        try
        {
            var setting = await farm.Send(HttpMethod.Patch, "/settings/task_max_attempts", new { value = 1 }, HttpStatusCode.OK);
            Assert.Equal(1, (int)setting["value"]!);
            farm.StartWorker("render-a", scene.BlenderPath!);

            var missing = Path.Combine(farm.Root, "no-such-dir", "missing.blend");
            var id = await farm.SubmitRender(new
            {
                filepath = missing, frame_start = 1, frame_end = 2, format = "PNG", output = Path.Combine(farm.Root, "out", "frame_####"),
            });

            var task = await farm.Until("the task failed", RenderBound, async () =>
            {
                var t = await farm.GetJson($"/tasks/{id}");
                Assert.NotEqual("completed", (string?)t["status"]);
                return ((string?)t["status"] == "failed" ? t : null, t.ToJsonString());
            });

            var blenderError = $"Error: Cannot read file '{missing}'";
            var log = await farm.GetText($"/tasks/{id}/log");
            Assert.Contains(blenderError, log);
            Assert.Equal(1, (int)task["attempts"]!);
            var workerId = (long)(await farm.GetJson("/workers"))["render-a"]!["id"]!;
            Assert.Equal(workerId, (long?)task["worker_id"]);
            Assert.Contains(workerId, task["failed_by_workers"]!.AsArray().Select(w => (long)w!));
            // The parser keeps the text of the last "Error: " line (without the prefix) as the task's error.
            Assert.Contains(blenderError["Error: ".Length..], (string?)task["error"] ?? "(no error)");
            Assert.False(Directory.Exists(Path.Combine(farm.Root, "out")), "a failed render wrote output");
        }
        finally
        {
            output.WriteLine(farm.EventLog);
        }
    }

    [BlenderFact]
    public async Task Canceling_a_rendering_task_kills_blender_and_the_worker_polls_again()
    {
        var blend = scene.ScenePath;
        await using var farm = await RealFarm.StartAsync();
        try
        {
            var agent = farm.StartWorker("render-a", scene.BlenderPath!);
            // The output path is this task's alone: it finds its Blender in /proc.
            var pattern = Path.Combine(farm.Root, "out-cancel", "frame_####");
            var id = await farm.SubmitRender(new { filepath = blend, frame_start = 1, frame_end = 1000, format = "PNG", output = pattern });

            await farm.Until("the task rendering with frame_current set", RenderBound, async () =>
            {
                var t = await farm.GetJson($"/tasks/{id}");
                Assert.True((string?)t["status"] is "queued" or "rendering", $"task {id} is {t["status"]}: {t.ToJsonString()}");
                return ((string?)t["status"] == "rendering" && t["frame_current"] is not null ? t : null, t.ToJsonString());
            });
            var pids = await farm.Until("Blender running for the task", StepBound, () =>
            {
                var found = BlenderProcesses.WithArgument(pattern);
                return Task.FromResult<(IReadOnlyList<int>?, string)>((found.Count > 0 ? found : null, "no process"));
            });
            await farm.Until("the worker reporting that it renders", StepBound, async () =>
            {
                var w = (await farm.GetJson("/workers"))["render-a"]!;
                return ((string?)w["activity"] is { } a && a != "available" && (long?)w["current_task"] == id ? w : null, w.ToJsonString());
            });

            await farm.Send(HttpMethod.Patch, $"/tasks/{id}", new { status = "canceled" }, HttpStatusCode.NoContent);

            await farm.Until("Blender gone after the cancel", StepBound, () =>
            {
                var left = BlenderProcesses.WithArgument(pattern);
                return Task.FromResult<(string?, string)>((left.Count == 0 ? "gone" : null, $"still running: {string.Join(", ", left)} (first seen {string.Join(", ", pids)})"));
            });
            var task = await farm.GetJson($"/tasks/{id}");
            Assert.Equal("canceled", (string?)task["status"]);
            Assert.True((long)task["frame_current"]! < 1000, "the render ran to its end instead of being canceled");

            var worker = await farm.Until("the worker polling for work again", StepBound, async () =>
            {
                var w = (await farm.GetJson("/workers"))["render-a"]!;
                return ((string?)w["activity"] == "available" ? w : null, w.ToJsonString());
            });
            Assert.Null((long?)worker["current_task"]);
            Assert.Equal(agent.WorkerId, (long?)worker["id"]);
            // The worker's activity reads "available" as soon as the dispatcher dropped the task; the agent reports
            // the stop once Blender has exited, which may come a moment later.
            await farm.Until("the worker reporting the task stopped", StepBound, () => Task.FromResult<(string?, string)>(
                (farm.Events.Any(e => e.Contains("TaskStopped") && e.Contains($"task {id}")) ? "stopped" : null, "no TaskStopped event yet")));
        }
        finally
        {
            output.WriteLine(farm.EventLog);
        }
    }
}
