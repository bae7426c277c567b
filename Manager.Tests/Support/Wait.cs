using System.Diagnostics;

namespace Manager.Tests.Support;

/// <summary>
/// The tests' one way to wait: poll a condition until it holds, up to a bound (the replacement for a sleep).
/// A timeout names what was awaited, the bound, and — when the caller says how to see it — the last thing observed.
/// </summary>
public static class Wait
{
    /// <summary>How long to wait between two looks unless the caller says otherwise.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits until <paramref name="condition"/> holds; answers the time it took.</summary>
    /// <param name="seen">What was observed last, for the failure message.</param>
    /// <exception cref="TimeoutException">Not within <paramref name="bound"/>.</exception>
    public static async Task<TimeSpan> Until(Func<Task<bool>> condition, TimeSpan bound, string what,
        Func<string>? seen = null, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > bound)
                throw new TimeoutException($"not within {bound.TotalSeconds:0.###} s: {what}" + (seen is null ? "" : $"\nlast seen: {seen()}"));
            await Task.Delay(every ?? Interval);
        }
        return clock.Elapsed;
    }

    /// <inheritdoc cref="Until(Func{Task{bool}}, TimeSpan, string, Func{string}?, TimeSpan?)"/>
    public static Task<TimeSpan> Until(Func<bool> condition, TimeSpan bound, string what,
        Func<string>? seen = null, TimeSpan? every = null) =>
        Until(() => Task.FromResult(condition()), bound, what, seen, every);

    /// <summary>Waits until <paramref name="probe"/> answers a value (null: not yet) and answers it; a timeout shows what the probe saw last.</summary>
    public static async Task<T> For<T>(Func<Task<(T? Value, string Seen)>> probe, TimeSpan bound, string what,
        Func<string>? context = null, TimeSpan? every = null) where T : class
    {
        T? value = null;
        var seen = "";
        await Until(async () =>
        {
            (value, seen) = await probe();
            return value is not null;
        }, bound, what,
            () => seen + (context is null ? "" : $"\n{context()}"), every);
        return value!;
    }
}
