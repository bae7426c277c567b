using System.Collections.Concurrent;

namespace Manager.Actors.Common;

/// <summary>The <c>by</c> names of callers that are not tokens with a name of their own.</summary>
public static class Who
{
    private static readonly ConcurrentDictionary<long, string> WorkerNames = new();

    /// <summary><c>worker:&lt;id&gt;</c>, one string per worker (history entries of every task share it).</summary>
    public static string Worker(long workerId) => WorkerNames.GetOrAdd(workerId, id => $"worker:{id}");
}
