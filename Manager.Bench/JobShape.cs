using System.Text.Json;
using Manager.Actors.Jobs;

namespace Manager.Bench;

/// <summary>What a task of a job is for: a preview frame, a chunk of the other frames, or the video.</summary>
public enum JobTaskKind
{
    Preview,
    Chunk,
    Video,
}

/// <summary>
/// The job the bench submits: a shot of frames 1 … <paramref name="Frames"/>, <c>chunk_size</c> <paramref name="ChunkSize"/>,
/// <c>preview_first</c> with the default <c>preview_step</c>, PNG frames and a video (docs/api.md, "Jobs (compilation)").
/// Nothing is rendered: the simulated workers complete each task as they get it. How many tasks it compiles into and what
/// each is for are worked out here from the contract, not by the manager's compiler, so the checks after a run test it.
/// </summary>
public sealed record JobShape(int Frames, int ChunkSize)
{
    /// <summary>The manager's default, which the bench relies on by not sending <c>preview_step</c>.</summary>
    public const int PreviewStep = PreviewOrder.DefaultStep;

    /// <summary>The one-frame preview tasks: positions 0, step, 2·step, … and the last frame.</summary>
    public int Previews => Enumerable.Range(1, Frames).Count(IsPreviewFrame);

    /// <summary>The other frames in runs of at most <see cref="ChunkSize"/>, a preview frame ending a run.</summary>
    public int Chunks
    {
        get
        {
            int chunks = 0, run = 0;
            for (var frame = 1; frame <= Frames + 1; frame++)
            {
                if (frame <= Frames && !IsPreviewFrame(frame))
                {
                    run++;
                    continue;
                }
                chunks += (run + ChunkSize - 1) / ChunkSize;
                run = 0;
            }
            return chunks;
        }
    }

    /// <summary>Every task of one job: the previews, the chunks and the video.</summary>
    public int Tasks => Previews + Chunks + 1;

    private bool IsPreviewFrame(int frame) => (frame - 1) % PreviewStep == 0 || frame == Frames;

    /// <summary>What a task of this job (its type and frame range, as GET /tasks lists them) is for.</summary>
    public JobTaskKind KindOf(string type, long? frameStart, long? frameEnd) =>
        type == "exec_command" ? JobTaskKind.Video
        : frameStart == frameEnd && frameStart is { } frame && IsPreviewFrame((int)frame) ? JobTaskKind.Preview
        : JobTaskKind.Chunk;

    /// <summary>The body of POST /jobs for one job of this shape named <paramref name="name"/>.</summary>
    public byte[] Body(string name) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["name"] = name,
        ["type"] = "blender_render",
        ["settings"] = new Dictionary<string, object>
        {
            ["filepath"] = "/bench/shot.blend",
            ["frames"] = $"1-{Frames}",
            ["chunk_size"] = ChunkSize,
            ["frame_order"] = "preview_first",
            ["format"] = "PNG",
            ["output"] = "/bench/render/shot_####",
            ["video"] = new Dictionary<string, object> { ["fps"] = 24, ["output"] = "/bench/render/shot.mp4" },
        },
    });

    public override string ToString() => $"{Frames} frames, chunk {ChunkSize}, preview-first (step {PreviewStep}), video: {Tasks} tasks";
}
