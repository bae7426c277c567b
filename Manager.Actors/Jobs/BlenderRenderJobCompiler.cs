using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Manager.Actors.Compilers;

namespace Manager.Actors.Jobs;

/// <summary>
/// A <c>blender_render</c> job's settings (JSON text of one object) → its tasks, in order: the render tasks
/// (<c>blender_render</c> tasks, one per run of frames; with <c>preview_first</c> the one-frame previews first), then,
/// with <c>video</c>, an <c>exec_command</c> task running <see cref="VideoCommand"/> that depends on every render task.
/// Pure.
/// </summary>
/// <remarks>
/// <c>filepath</c>, <c>format</c>, <c>output</c>, <c>engine</c> and <c>extra_args</c> are copied into every render
/// task's settings and checked by <see cref="BlenderRenderCompiler"/> itself, so a job accepts exactly what a task
/// accepts, with the task's messages. On top of that a job refuses <c>extra_args</c> that set frames (the job sets
/// each task's frames) and, with a video, those that change the files written (output, format, extension, scene).
/// </remarks>
public static class BlenderRenderJobCompiler
{
    public const string Type = "blender_render";

    public const string Sequential = "sequential", PreviewFirst = "preview_first";

    private static readonly BlenderRenderCompiler RenderCompiler = new();
    private static readonly ExecCommandCompiler ExecCompiler = new();

    /// <summary>Blender options that set which frames render: the job decides that per task.</summary>
    private static readonly FrozenSet<string> FrameOptions =
        new[] { "-s", "--frame-start", "-e", "--frame-end", "-j", "--frame-jump", "-f", "--render-frame" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Blender options that change the files written (or the scene whose output -o and -F set): a video reads those files.</summary>
    private static readonly FrozenSet<string> FileOptions =
        new[] { "-o", "--render-output", "-F", "--render-format", "-x", "--use-extension", "-S", "--scene" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The render task fields a job passes through as given.</summary>
    private static readonly string[] TaskFields = ["filepath", "format", "output", "engine", "extra_args"];

    public static JobCompileResult Compile(string settingsJson)
    {
        using var settings = SettingsObject.Open(settingsJson, out var invalid);
        if (settings is null) return JobCompileResult.Invalid(invalid!.Errors);

        int[]? frames = null;
        if (settings.String("frames", required: true) is { } framesText)
        {
            var parsed = FrameList.Parse(framesText);
            if (parsed.Problem is { } problem) settings.Fail("frames", $"frames: {problem}");
            else frames = parsed.Frames;
        }

        var chunkSize = settings.IsGiven("chunk_size")
            ? (int?)settings.Integer("chunk_size", Chunking.MinChunkSize, Chunking.MaxChunkSize, "")
            : 1;

        var order = settings.String("frame_order", required: false) ?? Sequential;
        if (!settings.HasErrorsFor("frame_order") && order is not (Sequential or PreviewFirst))
            settings.Fail("frame_order", $"frame_order must be {Sequential} or {PreviewFirst}.");

        var step = settings.IsGiven("preview_step")
            ? (int?)settings.Integer("preview_step", PreviewOrder.MinStep, PreviewOrder.MaxStep, "")
            : PreviewOrder.DefaultStep;

        var wantsVideo = settings.IsGiven("video");
        var video = ReadVideo(settings, frames);
        var pattern = wantsVideo ? ReadPattern(settings) : null;

        if (settings.Raw("extra_args") is { ValueKind: JsonValueKind.Array } extraArgs)
        {
            var index = 0;
            foreach (var arg in extraArgs.EnumerateArray())
            {
                var text = arg.ValueKind == JsonValueKind.String ? arg.GetString()! : "";
                if (FrameOptions.Contains(text))
                    settings.Fail("extra_args", $"extra_args[{index}] '{text}' sets frames; a job sets each task's frames from frames.");
                else if (wantsVideo && FileOptions.Contains(text))
                    settings.Fail("extra_args", $"extra_args[{index}] '{text}' changes the files the render writes, which the video reads; use output and format.");
                index++;
            }
        }

        // The task fields, checked by the task compiler on a first render task (its frames do not matter here).
        var probeRun = frames is { Length: > 0 } ? new FrameRun(frames[0], frames[0]) : new FrameRun(0, 0);
        var probe = RenderCompiler.Compile(RenderSettings(settings, pattern, probeRun));
        foreach (var (field, messages) in probe.Errors)
            foreach (var message in messages)
                settings.Fail(field, message);

        if (settings.HasErrors) return JobCompileResult.Invalid(settings.Invalid().Errors);

        var tasks = new List<JobTaskSpec>();
        if (order == PreviewFirst)
        {
            var split = PreviewOrder.Split(frames!, chunkSize!.Value, step!.Value);
            foreach (var frame in split.Previews)
                tasks.Add(Render(settings, pattern, new FrameRun(frame, frame), preview: true));
            foreach (var run in split.Rest)
                tasks.Add(Render(settings, pattern, run, preview: false));
        }
        else
        {
            foreach (var run in Chunking.Chunk(frames!, chunkSize!.Value))
                tasks.Add(Render(settings, pattern, run, preview: false));
        }

        if (video is not null)
        {
            var run = new FrameRun(frames![0], frames[^1]);
            var videoSettings = Json(w =>
            {
                w.WriteStartArray("argv");
                foreach (var arg in VideoCommand.Argv(pattern!, run, video.Value.Fps, video.Value.Output)) w.WriteStringValue(arg);
                w.WriteEndArray();
                w.WriteNumber("frame_start", run.Start);
                w.WriteNumber("frame_end", run.End);
                w.WriteString("format", "MP4");
            });
            tasks.Add(new JobTaskSpec(ExecCompiler.Type, videoSettings, CompileOrThrow(ExecCompiler, videoSettings),
                Preview: false, DependsOn: Enumerable.Range(0, tasks.Count).ToArray()));
        }
        return JobCompileResult.Ok(tasks);
    }

    /// <summary>The <c>video</c> object's fps and output, or null when absent or invalid (its problems are recorded).</summary>
    private static (int Fps, string Output)? ReadVideo(SettingsObject settings, int[]? frames)
    {
        if (settings.Raw("video") is not { } raw) return null;
        if (raw.ValueKind != JsonValueKind.Object)
        {
            settings.Fail("video", """video must be an object such as {"fps": 24, "output": "/renders/shot.mp4"}.""");
            return null;
        }
        using var video = SettingsObject.Open(raw.GetRawText(), out _)!;
        var fps = video.Integer("fps", VideoCommand.MinFps, VideoCommand.MaxFps, "fps is required.");
        var output = video.String("output", required: true);
        if (output is not null)
        {
            if (!output.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || output.Length == ".mp4".Length)
                video.Fail("output", "output must be the path of an .mp4 file.");
            else if (!FramePattern.IsAbsolute(output) || output.StartsWith("//", StringComparison.Ordinal))
                video.Fail("output", "output must be an absolute path (the video task runs in a work directory of its own).");
        }
        foreach (var (field, messages) in video.Invalid().Errors)
            foreach (var message in messages)
                settings.Fail($"video.{field}", message);

        if (frames is not null && Chunking.Runs(frames) is { Count: > 1 } runs)
            settings.Fail("video", $"a video needs frames without gaps (ffmpeg reads an image sequence up to the first missing file); frames jumps from {runs[0].End} to {runs[1].Start}.");

        return video.HasErrors ? null : ((int)fps!.Value, output!);
    }

    /// <summary>The files the render tasks write, for the video; null (and the problem recorded) when no video can be made from them.</summary>
    private static FramePattern? ReadPattern(SettingsObject settings)
    {
        var format = settings.Raw("format") is { } f ? (f.ValueKind == JsonValueKind.String ? f.GetString() : null) : BlenderRenderCompiler.DefaultFormat;
        var output = settings.Raw("output") is { ValueKind: JsonValueKind.String } o ? o.GetString() : null;
        if (format is null || !BlenderRenderCompiler.Formats.Contains(format))
            return null; // the task compiler reports it
        if (!FramePattern.VideoFormats.Contains(format))
        {
            settings.Fail("format", $"a video is made from the image formats {string.Join(", ", FramePattern.VideoFormats.Order(StringComparer.Ordinal))}, not {format}.");
            return null;
        }
        if (!settings.IsGiven("output"))
        {
            settings.Fail("output", "output is required for a video: the video task reads the frames the render tasks wrote there.");
            return null;
        }
        if (string.IsNullOrEmpty(output) || output.StartsWith('-'))
            return null; // the task compiler reports it
        var pattern = FramePattern.Of(output, format, out var problem);
        if (problem is not null) settings.Fail("output", problem);
        return pattern;
    }

    private static JobTaskSpec Render(SettingsObject settings, FramePattern? pattern, FrameRun run, bool preview)
    {
        var text = RenderSettings(settings, pattern, run);
        return new JobTaskSpec(RenderCompiler.Type, text, CompileOrThrow(RenderCompiler, text), preview, []);
    }

    /// <summary>
    /// A render task's settings: the job's task fields as given, <c>output</c> replaced by the pattern's when there is a
    /// video (the same files, with the extension written out), and the run's frames.
    /// </summary>
    private static string RenderSettings(SettingsObject settings, FramePattern? pattern, FrameRun run) => Json(w =>
    {
        foreach (var field in TaskFields)
        {
            if (field == "output" && pattern is not null)
                w.WriteString("output", pattern.BlenderOutput);
            else if (settings.Raw(field) is { } value)
            {
                w.WritePropertyName(field);
                value.WriteTo(w);
            }
        }
        w.WriteNumber("frame_start", run.Start);
        w.WriteNumber("frame_end", run.End);
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // Relaxed escaping keeps paths readable in the stored settings (they are JSON text, never HTML).
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Settings the job checked already compile; anything else is a bug in this class, not bad input.</summary>
    private static CompiledTask CompileOrThrow(ITaskCompiler compiler, string settings) =>
        compiler.Compile(settings) is { Task: { } task }
            ? task
            : throw new InvalidOperationException($"a job produced {compiler.Type} settings its compiler refuses: {settings}");
}
