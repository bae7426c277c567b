namespace Manager.Actors.Workers;

/// <summary>
/// The proxies one periodic refresh of the <see cref="WorkerDirectory"/> asks, a slice at a time: asked all at once,
/// 50,000 proxies (two in three on other nodes) are a burst of messages in which the nodes' polls queue for a second.
/// The slices spread the ids evenly over <c>slices</c> ticks; the first slice is due at once.
/// </summary>
public sealed class RefreshRound(IReadOnlyList<long> ids, int slices)
{
    private readonly int _sliceSize = Math.Max(1, (int)Math.Ceiling(ids.Count / (double)Math.Max(1, slices)));
    private int _next;

    public bool IsDone => _next >= ids.Count;

    /// <summary>How many slices a refresh every <paramref name="refreshEvery"/> is spread over, one per <paramref name="sliceEvery"/>,
    /// ending a tick before the next refresh.</summary>
    public static int SlicesFor(TimeSpan refreshEvery, TimeSpan sliceEvery) => Math.Max(1, (int)(refreshEvery / sliceEvery) - 1);

    /// <summary>The next slice's ids (empty once done).</summary>
    public IReadOnlyList<long> NextSlice()
    {
        var count = Math.Min(_sliceSize, ids.Count - _next);
        if (count <= 0) return [];
        var slice = new long[count];
        for (var i = 0; i < count; i++) slice[i] = ids[_next + i];
        _next += count;
        return slice;
    }
}
