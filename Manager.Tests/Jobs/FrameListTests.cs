using System.Diagnostics;
using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class FrameListTests
{
    private static int[] Frames(string text)
    {
        var result = FrameList.Parse(text);
        Assert.True(result.IsValid, result.Problem?.ToString());
        Assert.Null(result.Problem);
        return result.Frames!;
    }

    private static FrameListProblem Problem(string text)
    {
        var result = FrameList.Parse(text);
        Assert.False(result.IsValid);
        Assert.Null(result.Frames);
        return result.Problem!;
    }

    [Theory]
    [InlineData("7", new[] { 7 })]
    [InlineData("0", new[] { 0 })]
    [InlineData("1-5", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("3-3", new[] { 3 })]
    [InlineData("1-3,7,9-10", new[] { 1, 2, 3, 7, 9, 10 })]
    [InlineData("10,1-3,2", new[] { 1, 2, 3, 10 })]                 // order of items does not matter; a duplicate is merged
    [InlineData("1-5,3-8", new[] { 1, 2, 3, 4, 5, 6, 7, 8 })]         // overlap merged
    [InlineData("5,5,5", new[] { 5 })]
    [InlineData("1-3,4-6", new[] { 1, 2, 3, 4, 5, 6 })]               // adjacent ranges
    [InlineData("1-10,2-4,20", new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20 })] // a range inside another
    [InlineData(" 1 - 3 ,\t7 ", new[] { 1, 2, 3, 7 })]                 // spaces and tabs around numbers
    [InlineData("007", new[] { 7 })]
    [InlineData("1048573-1048574", new[] { 1048573, 1048574 })]
    public void Valid_lists_become_sorted_distinct_frames(string text, int[] expected)
    {
        Assert.Equal(expected, Frames(text));
    }

    [Theory]
    // empty
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData(",1", 0, "empty item")]
    [InlineData("1,,2", 2, "empty item")]
    [InlineData("1, ,2", 3, "empty item")]
    [InlineData("1-10,", 4, "ends with ','")]
    [InlineData("1-10, ", 4, "ends with ','")]
    // ranges
    [InlineData("1-10,20-3", 5, "'20-3' is a reversed range (20 > 3)")]
    [InlineData("10-3", 0, "'10-3' is a reversed range")]
    [InlineData("1-", 2, "has no end")]
    [InlineData("1-,5", 2, "has no end")]
    [InlineData("1-5-9", 3, "unexpected '-'")]
    // not numbers
    [InlineData("a", 0, "'a' is not a frame number")]
    [InlineData("1-b", 2, "'b' is not a frame number")]
    [InlineData("1x", 1, "unexpected 'x'")]
    [InlineData("1.5", 1, "unexpected '.'")]
    [InlineData("1-10:2", 4, "unexpected ':'")]
    [InlineData("1 0", 2, "unexpected '0'")]
    [InlineData("1;2", 1, "unexpected ';'")]
    [InlineData("+3", 0, "'+' is not a frame number")]
    [InlineData("１", 0, "is not a frame number")] // a fullwidth digit
    [InlineData("1\n2", 1, "unexpected U+000A")]
    [InlineData("1-\u00002", 2, "U+0000 is not a frame number")]
    // negative and too large
    [InlineData("-5", 0, "cannot be negative")]
    [InlineData("1--5", 2, "cannot be negative")]
    [InlineData("1048575", 0, "frame 1048575 is above 1048574")]
    [InlineData("5,99999999999999999999", 2, "is above 1048574")]
    public void Malformed_lists_name_the_position_of_the_problem(string text, int position, string message)
    {
        var problem = Problem(text);
        Assert.Equal(position, problem.Position);
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"position {position}: ", problem.ToString());
    }

    [Fact]
    public void At_most_100000_frames()
    {
        Assert.Equal(100_000, Frames("1-100000").Length);
        Assert.Equal(100_000, Frames("0-49999,50000-99999,7").Length);

        Assert.Equal(100_000, Frames("1-50000,50001-100000").Length);
        var oneOver = Problem("1-50000,50001-100001");
        Assert.Equal(8, oneOver.Position);
        Assert.Contains("100,001 frames, more than 100,000", oneOver.Message);

        var tooMany = Problem("1-100001");
        Assert.Equal(0, tooMany.Position);
        Assert.Contains("100,001 frames, more than 100,000", tooMany.Message);
    }

    [Fact]
    public void The_cap_counts_distinct_frames_and_names_the_item_that_passes_it()
    {
        Assert.Equal(60_000, Frames("1-60000,1-60000,30000-40000").Length); // overlaps count once

        var problem = Problem("1-60000,1-10,50001-110000,5");
        Assert.Equal(13, problem.Position); // "50001-110000" brings the distinct count to 110,000
        Assert.Contains("110,000 frames", problem.Message);
    }

    [Fact]
    public void A_huge_range_is_refused_without_materialising_it()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
            Assert.False(FrameList.Parse("0-1048574").IsValid);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"1000 refusals took {clock.Elapsed}");
    }

    [Fact]
    public void A_long_list_of_single_frames_parses()
    {
        var text = string.Join(",", Enumerable.Range(0, 10_000).Select(i => (20_000 - 2 * i).ToString()));
        var frames = Frames(text);
        Assert.Equal(10_000, frames.Length);
        Assert.Equal(2, frames[0]);
        Assert.Equal(20_000, frames[^1]);
    }
}
