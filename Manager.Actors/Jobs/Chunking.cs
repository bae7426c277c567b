namespace Manager.Actors.Jobs;

/// <summary>Splits sorted, distinct frames into contiguous runs of at most a chunk size; a run ends where a frame is missing.</summary>
public static class Chunking
{
    public const int MinChunkSize = 1, MaxChunkSize = 1000;

    public static IReadOnlyList<FrameRun> Chunk(ReadOnlySpan<int> frames, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var runs = new List<FrameRun>();
        var i = 0;
        while (i < frames.Length)
        {
            var start = frames[i];
            var end = start;
            i++;
            while (i < frames.Length && frames[i] == end + 1 && end - start + 1 < chunkSize)
                end = frames[i++];
            runs.Add(new FrameRun(start, end));
        }
        return runs;
    }

    /// <summary>The runs of the frames without a size limit: one run per gap-free stretch.</summary>
    public static IReadOnlyList<FrameRun> Runs(ReadOnlySpan<int> frames) => Chunk(frames, int.MaxValue);
}
