using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class PreviewOrderTests
{
    private static (int[] Previews, string[] Chunks) Split(int[] frames, int chunk, int step)
    {
        var split = PreviewOrder.Split(frames, chunk, step);
        return (split.Previews.ToArray(), split.Rest.Select(r => r.ToString()).ToArray());
    }

    private static int[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).ToArray();

    [Fact]
    public void First_every_step_th_and_last_then_the_rest_chunked()
    {
        var (previews, rest) = Split(Range(1, 12), chunk: 3, step: 4);
        Assert.Equal([1, 5, 9, 12], previews);
        Assert.Equal(["2-4", "6-8", "10-11"], rest);
    }

    [Fact]
    public void The_last_frame_on_a_step_is_taken_once()
    {
        var (previews, rest) = Split(Range(1, 13), chunk: 3, step: 4);
        Assert.Equal([1, 5, 9, 13], previews);
        Assert.Equal(["2-4", "6-8", "10-12"], rest);
    }

    [Fact]
    public void Steps_count_positions_in_the_list_not_frame_numbers()
    {
        var (previews, rest) = Split([1, 2, 3, 10, 11, 12], chunk: 5, step: 2);
        Assert.Equal([1, 3, 11, 12], previews);
        Assert.Equal(["2", "10"], rest);
    }

    [Fact]
    public void Removing_previews_splits_runs_shorter_than_the_chunk()
    {
        var (previews, rest) = Split(Range(0, 20), chunk: 100, step: 10);
        Assert.Equal([0, 10, 20], previews);
        Assert.Equal(["1-9", "11-19"], rest);
    }

    [Fact]
    public void One_frame_is_only_a_preview()
    {
        var (previews, rest) = Split([7], chunk: 3, step: 10);
        Assert.Equal([7], previews);
        Assert.Empty(rest);
    }

    [Fact]
    public void Two_frames_are_first_and_last()
    {
        var (previews, rest) = Split([1, 2], chunk: 3, step: 10);
        Assert.Equal([1, 2], previews);
        Assert.Empty(rest);
    }

    [Fact]
    public void A_step_beyond_the_list_keeps_first_and_last()
    {
        var (previews, rest) = Split(Range(1, 5), chunk: 2, step: 10_000);
        Assert.Equal([1, 5], previews);
        Assert.Equal(["2-3", "4"], rest);
    }

    [Fact]
    public void No_frames_no_tasks()
    {
        var (previews, rest) = Split([], chunk: 1, step: 2);
        Assert.Empty(previews);
        Assert.Empty(rest);
    }

    [Fact]
    public void Every_frame_is_in_exactly_one_task()
    {
        var frames = Range(1, 1000).Where(f => f % 7 != 0).ToArray();
        var split = PreviewOrder.Split(frames, chunkSize: 6, step: 13);
        var covered = split.Previews.Concat(split.Rest.SelectMany(r => Enumerable.Range(r.Start, r.Count))).Order().ToArray();
        Assert.Equal(frames, covered);
        Assert.All(split.Rest, r => Assert.InRange(r.Count, 1, 6));
    }
}
