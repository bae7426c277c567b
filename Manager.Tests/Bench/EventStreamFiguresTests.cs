using Manager.Bench;

namespace Manager.Tests.Bench;

/// <summary>The event stream's figures (<see cref="EventStreamFigures"/>) from the events a client received in a window.</summary>
public sealed class EventStreamFiguresTests
{
    private static ReceivedEvent At(double seconds, string name = "changes", int items = 10, int bytes = 100) =>
        new(TimeSpan.FromSeconds(seconds), name, bytes, items, 0.5);

    [Fact]
    public void Counts_the_most_changes_in_any_second_of_the_window_and_the_median_interval()
    {
        // Window 10 s → 12 s; changes every 200 ms in the first second (5), two in the next; a workers event between.
        List<ReceivedEvent> events = [At(10.0), At(10.2), At(10.4), At(10.6), At(10.8), At(11.1), At(11.5, "workers", items: 30), At(11.6)];

        var f = EventStreamFigures.Of(events, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));

        Assert.Equal(8, f.Events);
        Assert.Equal(7, f.Changes);
        Assert.Equal(5, f.MostChangesInASecond);
        Assert.Equal(200, f.ChangesEveryMs, 6); // intervals 200 ×4, 300, 500: the median is 200
        Assert.Equal(3.5, f.ChangesPerSecond, 6);
        Assert.Equal(30, f.ItemsMax);
        Assert.Equal(400, f.BytesPerSecond, 6);
        Assert.Equal(400, f.LargestGapMs, 6); // 11.1 → 11.5, and 11.6 → the window's end
    }

    [Fact]
    public void A_silent_window_is_one_gap_as_long_as_the_window()
    {
        var f = EventStreamFigures.Of([], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

        Assert.Equal(0, f.Events);
        Assert.Equal(0, f.MostChangesInASecond);
        Assert.Equal(2000, f.LargestGapMs, 6);
        Assert.True(double.IsNaN(f.ChangesEveryMs));
    }
}
