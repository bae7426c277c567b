using System.Text.Json.Nodes;

namespace Manager.Cli;

/// <summary>
/// The <c>POST /jobs</c> body for a <c>blender_render</c> job (docs/api.md "Job routes"): only what was given is sent, so
/// the manager's defaults (chunk size 1, preview step 10, its default priority and format) apply to the rest. The
/// manager checks every value; the CLI only makes paths absolute (<see cref="FarmPath"/>).
/// </summary>
internal static class JobRequest
{
    /// <summary>The video's frame rate when <c>--video</c> is given without <c>--fps</c>.</summary>
    public const int DefaultFps = 24;

    public static JsonObject Build(SubmitSettings submit, string currentDirectory)
    {
        var blend = FarmPath.Absolute(submit.Blend, currentDirectory);
        var settings = new JsonObject { ["filepath"] = blend, ["frames"] = submit.Frames };
        if (submit.ChunkSize is { } chunk) settings["chunk_size"] = chunk;
        if (submit.PreviewFirst) settings["frame_order"] = "preview_first";
        if (submit.PreviewStep is { } step) settings["preview_step"] = step;
        if (submit.Format is { } format) settings["format"] = format;
        if (submit.Output is { } output) settings["output"] = FarmPath.Absolute(output, currentDirectory);
        if (submit.Video is { } video)
            settings["video"] = new JsonObject { ["fps"] = submit.Fps ?? DefaultFps, ["output"] = FarmPath.Absolute(video, currentDirectory) };

        var body = new JsonObject
        {
            ["name"] = submit.Name ?? Path.GetFileNameWithoutExtension(blend),
            ["type"] = "blender_render",
            ["settings"] = settings,
        };
        if (submit.Priority is { } priority) body["priority"] = priority;
        if (submit.Tags is { Count: > 0 } tags) body["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        return body;
    }
}
