using System.CommandLine;

namespace Manager.Cli;

/// <summary>
/// <c>manager-cli submit BLEND --frames LIST [...] [--watch]</c>: sends the .blend as a job (<c>POST /jobs</c>, built by
/// <see cref="JobRequest"/>), prints its id, and with <c>--watch</c> follows it to its end.
/// </summary>
internal sealed class SubmitCommand
{
    private readonly Argument<string> _blend = new("BLEND") { Description = "the .blend file, at a path every worker sees" };
    private readonly Option<string> _frames = new("--frames") { Description = "the frames: 1-240, or a list such as 1-10,20,30-40", HelpName = "LIST", Required = true };
    private readonly Option<int?> _chunkSize = new("--chunk-size") { Description = "the most frames one task renders (manager's default: 1)", HelpName = "N" };
    private readonly Option<bool> _previewFirst = new("--preview-first") { Description = "render the first, every --preview-step-th and the last frame before the others" };
    private readonly Option<int?> _previewStep = new("--preview-step") { Description = "with --preview-first: every Nth frame is a preview (manager's default: 10)", HelpName = "N" };
    private readonly Option<string?> _video = new("--video") { Description = "when every frame is rendered, encode them into this H.264 MP4 (needs --output)", HelpName = "FILE.mp4" };
    private readonly Option<int?> _fps = new("--fps") { Description = $"the video's frame rate (default {JobRequest.DefaultFps})", HelpName = "N" };
    private readonly Option<string?> _output = new("--output") { Description = "where the frames go, # replaced by the frame number: /renders/shot_####", HelpName = "PATTERN" };
    private readonly Option<string?> _format = new("--format") { Description = "the image format: PNG, JPEG, OPEN_EXR, … (manager's default: PNG)", HelpName = "FORMAT" };
    private readonly Option<string?> _name = new("--name") { Description = "the job's name (default: the .blend's file name)", HelpName = "NAME" };
    private readonly Option<long?> _priority = new("--priority") { Description = "the job's priority, higher first (default: the manager's default_priority)", HelpName = "N" };
    private readonly Option<string[]> _tags = new("--tags") { Description = "only workers offering all these tags render it (comma-separated)", HelpName = "a,b" };
    private readonly Option<bool> _watch = new("--watch") { Description = "then show its progress until it ends; the exit code says how it ended" };

    /// <summary>The option that sets each field the manager may name in a 422's <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string> OptionOfField => new Dictionary<string, string>
    {
        ["name"] = _name.Name,
        ["priority"] = _priority.Name,
        ["tags"] = _tags.Name,
        ["settings.filepath"] = _blend.Name,
        ["settings.frames"] = _frames.Name,
        ["settings.chunk_size"] = _chunkSize.Name,
        ["settings.frame_order"] = _previewFirst.Name,
        ["settings.preview_step"] = _previewStep.Name,
        ["settings.format"] = _format.Name,
        ["settings.output"] = _output.Name,
        ["settings.video"] = _video.Name,
        ["settings.video.output"] = _video.Name,
        ["settings.video.fps"] = _fps.Name,
    };

    public Command Create(CliIo io, ConnectionOptions connection, WatchOptions watching)
    {
        var command = new Command("submit", "Submit a .blend as a job: its frames in chunks, optionally previews first and a video at the end.")
        {
            _blend, _frames, _chunkSize, _previewFirst, _previewStep, _video, _fps, _output, _format, _name, _priority, _tags, _watch,
            watching.PollInterval,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(_fps) is not null && result.GetResult(_video) is null)
                result.AddError("--fps needs --video FILE.mp4");
            if (result.GetResult(_previewStep) is not null && !result.GetValue(_previewFirst))
                result.AddError("--preview-step needs --preview-first");
        });
        command.SetAction(async (parsed, cancel) =>
        {
            using var client = new ManagerClient(connection.Resolve(parsed, io));
            var job = await client.SubmitAsync(JobRequest.Build(Settings(parsed), io.CurrentDirectory), cancel);
            io.Out.WriteLine($"submitted job {job.Id}: {job.TasksTotal} tasks, {job.FramesTotal} frames");
            if (!parsed.GetValue(_watch))
                return ExitCodes.Success;
            return await watching.Watcher(parsed, client, io).WatchToEndAsync(job.Id, job, cancel);
        });
        return command;
    }

    private SubmitSettings Settings(ParseResult parsed) => new(
        Blend: parsed.GetRequiredValue(_blend),
        Frames: parsed.GetRequiredValue(_frames),
        ChunkSize: parsed.GetValue(_chunkSize),
        PreviewFirst: parsed.GetValue(_previewFirst),
        PreviewStep: parsed.GetValue(_previewStep),
        Video: parsed.GetValue(_video),
        Fps: parsed.GetValue(_fps),
        Output: parsed.GetValue(_output),
        Format: parsed.GetValue(_format),
        Name: parsed.GetValue(_name),
        Priority: parsed.GetValue(_priority),
        Tags: (parsed.GetValue(_tags) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList());
}
