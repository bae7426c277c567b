using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class ChunkingTests
{
    private static string[] Chunk(int[] frames, int size) => Chunking.Chunk(frames, size).Select(r => r.ToString()).ToArray();

    [Fact]
    public void No_frames_no_runs() => Assert.Empty(Chunking.Chunk([], 5));

    [Fact]
    public void Contiguous_frames_split_at_the_chunk_size_the_last_run_shorter()
    {
        Assert.Equal(["1-3", "4-6", "7-9", "10"], Chunk([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3));
    }

    [Fact]
    public void A_run_ends_where_a_frame_is_missing()
    {
        Assert.Equal(["1-3", "5-6", "9"], Chunk([1, 2, 3, 5, 6, 9], 10));
    }

    [Fact]
    public void The_chunk_count_restarts_after_a_gap()
    {
        Assert.Equal(["1-2", "4-5", "6-7"], Chunk([1, 2, 4, 5, 6, 7], 2));
    }

    [Fact]
    public void Chunk_size_one_makes_one_task_per_frame()
    {
        Assert.Equal(["0", "1", "2"], Chunk([0, 1, 2], 1));
    }

    [Fact]
    public void Exact_multiple_leaves_no_short_run()
    {
        Assert.Equal(["1-2", "3-4"], Chunk([1, 2, 3, 4], 2));
    }

    [Fact]
    public void Largest_chunk_over_the_largest_list()
    {
        var runs = Chunking.Chunk(Enumerable.Range(1, 100_000).ToArray(), 1000);
        Assert.Equal(100, runs.Count);
        Assert.All(runs, r => Assert.Equal(1000, r.Count));
        Assert.Equal(new FrameRun(99_001, 100_000), runs[^1]);
    }

    [Fact]
    public void Runs_are_the_gap_free_stretches()
    {
        Assert.Equal([new FrameRun(1, 3), new FrameRun(7, 7), new FrameRun(9, 10)], Chunking.Runs([1, 2, 3, 7, 9, 10]));
    }

    [Fact]
    public void A_chunk_size_below_one_is_a_bug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Chunking.Chunk([1], 0));
    }
}
