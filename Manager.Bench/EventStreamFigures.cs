namespace Manager.Bench;

/// <summary>
/// What a client of GET /events received over a window: events per second (all, and <c>changes</c>), the most
/// <c>changes</c> events in any one second of the window (the publishers coalesce into a batch every 200 ms: 5, 6 when a tick comes late) and
/// the median time between two of them, items per event, bytes per second, the longest silence, and the client's parse time per event.
/// </summary>
public sealed record EventStreamFigures(
    double Seconds, int Events, int Changes, int MostChangesInASecond, double ChangesEveryMs, double ItemsMean, int ItemsMax, double BytesPerSecond,
    double LargestGapMs, double ParseMeanMs, double ParseMaxMs)
{
    public double EventsPerSecond => Events / Seconds;

    public double ChangesPerSecond => Changes / Seconds;

    /// <summary>The figures of <paramref name="events"/> (received in [<paramref name="from"/>, <paramref name="to"/>)); the gap
    /// includes the silences from the window's start to the first event and from the last to its end.</summary>
    public static EventStreamFigures Of(IReadOnlyList<ReceivedEvent> events, TimeSpan from, TimeSpan to)
    {
        var seconds = (to - from).TotalSeconds;
        var changes = events.Where(e => e.Name == "changes").ToList();
        var mostInASecond = changes.GroupBy(e => (int)(e.At - from).TotalSeconds).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var between = changes.Zip(changes.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Order().ToList();
        var times = events.Select(e => e.At).Prepend(from).Append(to).Order().ToList();
        var gap = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).DefaultIfEmpty(0).Max();
        return new EventStreamFigures(
            seconds, events.Count, changes.Count, mostInASecond, between.Count == 0 ? double.NaN : between[between.Count / 2],
            events.Count == 0 ? 0 : events.Average(e => e.Items), events.Select(e => e.Items).DefaultIfEmpty(0).Max(),
            events.Sum(e => (double)e.Bytes) / seconds, gap,
            events.Count == 0 ? 0 : events.Average(e => e.ParseMs), events.Select(e => e.ParseMs).DefaultIfEmpty(0).Max());
    }
}
