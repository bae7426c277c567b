using Manager.Rules;

namespace Manager.Tests.Rules;

public sealed class FrameIntervalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_first_frame_goes_at_once() => Assert.Equal(TimeSpan.Zero, FrameInterval.Wait(null, Now, Interval));

    [Fact]
    public void A_frame_within_the_interval_waits_for_the_rest_of_it() =>
        Assert.Equal(TimeSpan.FromSeconds(3), FrameInterval.Wait(Now - TimeSpan.FromSeconds(2), Now, Interval));

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    public void A_frame_once_the_interval_passed_goes_at_once(int secondsAgo) =>
        Assert.Equal(TimeSpan.Zero, FrameInterval.Wait(Now - TimeSpan.FromSeconds(secondsAgo), Now, Interval));

    [Fact]
    public void A_clock_that_went_back_waits_at_most_one_interval() =>
        Assert.Equal(Interval, FrameInterval.Wait(Now + TimeSpan.FromSeconds(30), Now, Interval));
}
