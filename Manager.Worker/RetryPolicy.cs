namespace Manager.Worker;

/// <summary>
/// Exponential backoff for requests that failed for a reason that may pass (no connection, a
/// timeout, a 5xx): <see cref="Initial"/>, doubled per attempt, capped at <see cref="Max"/>.
/// </summary>
public sealed record RetryPolicy(TimeSpan Initial, TimeSpan Max, TimeSpan AttemptTimeout)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    /// <summary>The pause after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = Math.Min(Initial.Ticks * factor, Max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay spread by ±20 % so that a farm of workers does not retry in lock-step.</summary>
    public static TimeSpan Spread(TimeSpan delay, double random01) => delay * (0.8 + 0.4 * random01);

    public static bool IsRetryable(int statusCode) => statusCode >= 500 || statusCode is 408 or 429;
}
