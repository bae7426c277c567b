using Manager.Actors.Workers;
using Manager.Http.Auth;

namespace Manager.Tests.Auth;

/// <summary>Which of a worker's requests tell its proxy it was heard (the rest are within the window of one that did).</summary>
public sealed class WorkerContactThrottleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_first_request_is_told_and_the_next_ones_within_the_window_are_not()
    {
        var throttle = new WorkerContactThrottle();

        Assert.True(throttle.ShouldTell(7, "10.0.0.7", nowMs: 1_000, Window));
        Assert.False(throttle.ShouldTell(7, "10.0.0.7", nowMs: 1_400, Window));
        Assert.False(throttle.ShouldTell(7, null, nowMs: 1_999, Window));
        Assert.True(throttle.ShouldTell(7, "10.0.0.7", nowMs: 2_000, Window));
    }

    [Fact]
    public void Workers_are_throttled_each_on_their_own()
    {
        var throttle = new WorkerContactThrottle();

        Assert.True(throttle.ShouldTell(1, null, nowMs: 0, Window));
        Assert.True(throttle.ShouldTell(2, null, nowMs: 10, Window));
        Assert.False(throttle.ShouldTell(1, null, nowMs: 20, Window));
    }

    [Fact]
    public void A_new_address_is_told_at_once()
    {
        var throttle = new WorkerContactThrottle();

        Assert.True(throttle.ShouldTell(7, "10.0.0.7", nowMs: 0, Window));
        Assert.True(throttle.ShouldTell(7, "10.0.0.8", nowMs: 100, Window));
        Assert.False(throttle.ShouldTell(7, "10.0.0.8", nowMs: 200, Window));
    }

    [Theory]
    [InlineData(30, 1000)] // the default timeout: at most one second
    [InlineData(5, 500)]
    [InlineData(1, 100)] // the shortest timeout the settings allow
    public void The_window_is_a_tenth_of_the_worker_timeout_and_at_most_a_second(int timeoutSeconds, int windowMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(windowMs), WorkerConnection.ContactWindow(TimeSpan.FromSeconds(timeoutSeconds)));
    }

    [Fact]
    public void Workers_not_told_for_a_minute_are_forgotten_on_the_next_sweep()
    {
        var throttle = new WorkerContactThrottle();
        for (var worker = 1; worker <= 100; worker++) throttle.ShouldTell(worker, null, nowMs: 0, Window);

        throttle.ShouldTell(1, null, nowMs: 20_000, Window); // a sweep runs: all were told within the minute
        Assert.Equal(100, throttle.Count);

        throttle.ShouldTell(1, null, nowMs: 60_000, Window); // the next sweep: only worker 1 was told since
        Assert.Equal(1, throttle.Count);
    }

    /// <summary>An idle farm's poll every few seconds must not leave an object behind per poll (the collector would promote it).</summary>
    [Fact]
    public void Telling_a_known_worker_again_allocates_nothing()
    {
        var throttle = new WorkerContactThrottle();
        var addresses = Enumerable.Range(1, 100).Select(worker => $"10.0.{worker / 256}.{worker % 256}").ToArray();
        for (var worker = 1; worker <= 100; worker++) throttle.ShouldTell(worker, addresses[worker - 1], nowMs: 0, Window);
        var sameAddresses = addresses.Select(a => new string(a.AsSpan())).ToArray(); // equal, as a new request's are

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var worker = 1; worker <= 100; worker++)
            Assert.True(throttle.ShouldTell(worker, sameAddresses[worker - 1], nowMs: 5_000, Window));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
