namespace Manager.Actors.Events;

/// <summary>
/// Task completions over the last minute, counted in one-second buckets (so the figure is exact to within a second and
/// costs 60 numbers, whatever the farm's rate). In memory only: it starts at 0 when the dispatcher starts.
/// </summary>
public sealed class CompletionRate
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const int Buckets = 60;
    private readonly long[] _second = new long[Buckets];
    private readonly int[] _count = new int[Buckets];

    /// <summary>A completion at <paramref name="at"/>.</summary>
    public void Note(DateTimeOffset at)
    {
        var second = at.ToUnixTimeSeconds();
        var i = (int)(((second % Buckets) + Buckets) % Buckets);
        if (_second[i] != second)
        {
            _second[i] = second;
            _count[i] = 0;
        }
        _count[i]++;
    }

    /// <summary>The completions noted in the minute up to <paramref name="now"/>: the current second and the 59 before it.</summary>
    public int PerMinute(DateTimeOffset now)
    {
        var current = now.ToUnixTimeSeconds();
        var sum = 0;
        for (var i = 0; i < Buckets; i++)
            if (_count[i] > 0 && _second[i] <= current && _second[i] > current - Buckets) sum += _count[i];
        return sum;
    }
}
