using System.Diagnostics;

namespace Manager.Tests.Support;

/// <summary>Waits for a condition by polling it, up to a bound: the tests' replacement for a sleep.</summary>
public static class Bounded
{
    public static async Task Until(Func<bool> condition, TimeSpan bound, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > bound) throw new TimeoutException($"not within {bound}: {what}");
            await Task.Delay(50);
        }
    }
}
