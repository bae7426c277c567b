using Manager.Actors.Events;

namespace Manager.Tests.Events;

/// <summary>Completions over the last minute, with explicit times: what is in the window, what falls out, a second's granularity.</summary>
public sealed class CompletionRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nothing_noted_is_zero()
    {
        Assert.Equal(0, new CompletionRate().PerMinute(T0));
    }

    [Fact]
    public void Completions_count_for_a_minute_then_fall_out_one_second_at_a_time()
    {
        var rate = new CompletionRate();
        rate.Note(T0);
        rate.Note(T0.AddMilliseconds(400));
        rate.Note(T0.AddSeconds(10));

        Assert.Equal(3, rate.PerMinute(T0.AddSeconds(10)));
        Assert.Equal(3, rate.PerMinute(T0.AddSeconds(59.9)));
        Assert.Equal(1, rate.PerMinute(T0.AddSeconds(60))); // the two of second 0 are a minute old
        Assert.Equal(1, rate.PerMinute(T0.AddSeconds(69.5)));
        Assert.Equal(0, rate.PerMinute(T0.AddSeconds(70)));
    }

    [Fact]
    public void A_bucket_reused_a_minute_later_starts_again_from_zero()
    {
        var rate = new CompletionRate();
        for (var i = 0; i < 5; i++) rate.Note(T0.AddSeconds(3));
        rate.Note(T0.AddSeconds(63)); // the same one-second bucket, a minute on

        Assert.Equal(1, rate.PerMinute(T0.AddSeconds(63)));
    }

    [Fact]
    public void A_completion_after_now_is_not_counted_yet()
    {
        var rate = new CompletionRate();
        rate.Note(T0.AddSeconds(5));

        Assert.Equal(0, rate.PerMinute(T0));
        Assert.Equal(1, rate.PerMinute(T0.AddSeconds(5)));
    }

    [Fact]
    public void A_steady_rate_reads_as_that_rate()
    {
        var rate = new CompletionRate();
        for (var s = 0; s < 300; s++)
            for (var k = 0; k < 2; k++) rate.Note(T0.AddSeconds(s + k * 0.5)); // 2 a second for five minutes

        Assert.Equal(120, rate.PerMinute(T0.AddSeconds(299.9)));
    }
}
