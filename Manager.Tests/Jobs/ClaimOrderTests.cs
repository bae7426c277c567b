using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class ClaimOrderTests
{
    // (earlier, later, why): earlier must be claimed first.
    public static TheoryData<ClaimOrder, ClaimOrder, string> Pairs => new()
    {
        { new(5, false, 0, 9, 9), new(4, true, 100, 1, 1), "higher job priority first, whatever the rest" },
        { new(0, true, 0, 9, 9), new(0, false, 100, 1, 1), "same job priority: a preview first, even of lower task priority" },
        { new(0, false, 7, 9, 9), new(0, false, 6, 1, 1), "then higher task priority first" },
        { new(0, true, 7, 9, 9), new(0, true, 6, 1, 1), "among previews, higher task priority first" },
        { new(0, false, 0, 1, 9), new(0, false, 0, 2, 1), "then submission order, not the id" },
        { new(0, false, 0, 1, 1), new(0, false, 0, 1, 2), "the id only when all else is equal" },
        { new(-1, false, 0, 1, 1), new(-2, false, 0, 1, 1), "negative priorities: -1 before -2" },
        { new(long.MaxValue, false, 0, 1, 1), new(long.MinValue, false, 0, 1, 1), "extremes do not overflow" },
        { ClaimOrder.Alone(3, 5, 5), new(2, true, 9, 1, 1), "a task alone is a job of its own priority: 3 beats a job of 2" },
        { new(3, true, 0, 6, 6), ClaimOrder.Alone(3, 5, 5), "a preview of a job of equal priority comes before a task alone" },
        { ClaimOrder.Alone(3, 5, 5), new(3, false, 2, 6, 6), "a task alone of 3 vs a job task of priority 2: task priority" },
        { new(3, false, 3, 4, 4), ClaimOrder.Alone(3, 5, 5), "equal in all but submission: the earlier" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Each_pair_of_the_table(ClaimOrder earlier, ClaimOrder later, string why)
    {
        Assert.True(earlier.CompareTo(later) < 0, why);
        Assert.True(later.CompareTo(earlier) > 0, why);
        Assert.True(earlier < later && later > earlier, why);
    }

    [Fact]
    public void A_sorted_set_yields_the_claim_order()
    {
        var shuffled = new[]
        {
            new ClaimOrder(0, false, 0, 8, 108),        // job 0, regular
            ClaimOrder.Alone(0, 9, 9),                  // alone, priority 0, submitted last
            new ClaimOrder(0, true, 0, 7, 107),         // job 0 preview, later
            new ClaimOrder(10, false, 0, 3, 203),       // job 10 regular task
            new ClaimOrder(10, true, 0, 2, 202),        // job 10 preview
            new ClaimOrder(0, false, 5, 10, 110),       // job 0, task priority 5
            ClaimOrder.Alone(10, 1, 1),                 // alone, priority 10, earliest
            new ClaimOrder(0, true, 0, 6, 106),         // job 0 preview, earlier
            new ClaimOrder(10, false, 0, 4, 204),       // job 10 regular, later
            new ClaimOrder(-5, true, 50, 0, 300),       // low job priority, preview: still last
        };
        var set = new SortedSet<ClaimOrder>(shuffled);
        // Job priority 10: the preview 202, then by task priority the task alone (10) before 203, 204 (0); then job priority 0.
        Assert.Equal([202L, 1, 203, 204, 106, 107, 110, 108, 9, 300], set.Select(e => e.TaskId));
    }

    [Fact]
    public void Only_the_same_entry_compares_equal()
    {
        var a = new ClaimOrder(1, true, 2, 3, 4);
        Assert.Equal(0, a.CompareTo(a with { }));
        Assert.False(a < (a with { }) || a > (a with { }));
        Assert.True(a <= (a with { }) && a >= (a with { }));
        Assert.NotEqual(0, a.CompareTo(a with { TaskId = 5 }));
    }

    [Fact]
    public void A_task_alone_takes_its_own_priority_as_job_priority_and_is_no_preview() =>
        Assert.Equal(new ClaimOrder(7, false, 7, 3, 4), ClaimOrder.Alone(7, 3, 4));
}
