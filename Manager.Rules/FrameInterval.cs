namespace Manager.Rules;

/// <summary>
/// At most one last-frame picture per interval from one worker: the manager refuses one sooner (429, 2 s), the
/// reference worker does not send one sooner (5 s).
/// </summary>
public static class FrameInterval
{
    /// <summary>
    /// How long to wait before the next frame may go; zero when it may go now (or none went before). Never more than
    /// one interval: a clock set back does not hold frames up for longer.
    /// </summary>
    public static TimeSpan Wait(DateTimeOffset? lastSent, DateTimeOffset now, TimeSpan interval)
    {
        if (lastSent is not { } last) return TimeSpan.Zero;
        var wait = last + interval - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > interval ? interval : wait;
    }
}
