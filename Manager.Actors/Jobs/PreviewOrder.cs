namespace Manager.Actors.Jobs;

/// <summary>The frames of a <c>preview_first</c> job: one-frame preview tasks, then the rest chunked.</summary>
public sealed record PreviewSplit(IReadOnlyList<int> Previews, IReadOnlyList<FrameRun> Rest);

/// <summary>
/// <c>preview_first</c>: the first frame, every <c>step</c>-th frame after it by position in the list (positions 0,
/// step, 2·step, …) and the last frame become one-frame previews; the other frames are chunked as in
/// <see cref="Chunking"/>, so a preview frame taken out of a run splits it.
/// </summary>
public static class PreviewOrder
{
    public const int MinStep = 2, MaxStep = 10_000, DefaultStep = 10;

    public static PreviewSplit Split(ReadOnlySpan<int> frames, int chunkSize, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        if (frames.IsEmpty) return new PreviewSplit([], []);

        var last = frames.Length - 1;
        var previewCount = last / step + 1 + (last % step == 0 ? 0 : 1); // positions 0, step, 2·step, … and the last
        var previews = new List<int>(previewCount);
        var rest = new int[frames.Length - previewCount];
        var n = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            if (i % step == 0 || i == last) previews.Add(frames[i]);
            else rest[n++] = frames[i];
        }
        return new PreviewSplit(previews, Chunking.Chunk(rest, chunkSize));
    }
}
