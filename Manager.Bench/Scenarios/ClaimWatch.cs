using System.Collections.Concurrent;
using System.Diagnostics;

namespace Manager.Bench.Scenarios;

/// <summary>
/// The claims of a polling farm: <see cref="ClaimAsync"/> is each worker's poll, which never throws (a failed claim is
/// counted, and the worker polls again at its next interval, as a real worker retries; an overloaded farm is measured,
/// not aborted). Around the SIGKILL of a node it times, on the kill's clock, the first claim answered 200, every
/// worker's, and the first one given a task; only claims sent after the killed process is gone count for those, as in
/// <see cref="ClusterFailover"/>. A worker given a task completes it at once.
/// </summary>
public sealed class ClaimWatch(int workers)
{
    private readonly Stopwatch _clock = new();
    private readonly TaskCompletionSource<TimeSpan> _firstClaim = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TimeSpan> _everyWorker = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _everyWorkerPolled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TimeSpan> _firstTask = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<long, bool> _servedAfterKill = new();
    private readonly ConcurrentDictionary<string, int> _failuresBefore = new(), _failuresAfter = new();
    private volatile bool _killed;
    private long _before, _servedAfter;

    /// <summary>Every worker has had a claim answered before the kill: the load is at its steady pace.</summary>
    public Task EveryWorkerPolled => _everyWorkerPolled.Task;

    /// <summary>Kill → the first claim sent after it answered 200.</summary>
    public Task<TimeSpan> FirstClaimAnswered => _firstClaim.Task;

    /// <summary>Kill → the first claim sent after it that was given a task (the worker completes it at once).</summary>
    public Task<TimeSpan> FirstTaskHandedOut => _firstTask.Task;

    /// <summary>Kill → every worker has had a claim sent after it answered 200.</summary>
    public Task<TimeSpan> EveryWorkerAnswered => _everyWorker.Task;

    public long ServedAfterKill => Interlocked.Read(ref _servedAfter);

    /// <summary>Claims sent before the kill (or with no kill) that got no 200, by what they got: with a kill, those in flight to the killed node, mostly.</summary>
    public IReadOnlyDictionary<string, int> FailuresBeforeKill => _failuresBefore;

    /// <summary>Claims sent after the kill that got no 200, by what they got.</summary>
    public IReadOnlyDictionary<string, int> FailuresAfterKill => _failuresAfter;

    /// <summary>"none failed", or how many failed with what: "12 × HTTP 503, 3 × timeout".</summary>
    public static string Describe(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? "none failed" : string.Join(", ", failures.OrderBy(f => f.Key).Select(f => $"{f.Value} × {f.Key}"));

    /// <summary>The kill's clock starts (call it right before sending SIGKILL).</summary>
    public void KillStarting() => _clock.Start();

    /// <summary>The killed process is gone: claims sent from now on count.</summary>
    public void Killed() => _killed = true;

    public TimeSpan SinceKill => _clock.Elapsed;

    /// <summary>One poll: PATCH /workers/{id} available. Answers 1 if it was given a task.</summary>
    public async Task<long> ClaimAsync(FarmClient client, long worker)
    {
        var afterKill = _killed;
        try
        {
            var task = await client.ClaimAsync(worker);
            if (afterKill) Served(worker);
            else if (Interlocked.Increment(ref _before) == workers) _everyWorkerPolled.TrySetResult();
            if (task is not { } given) return 0;
            if (afterKill) _firstTask.TrySetResult(_clock.Elapsed);
            await client.UpdateAsync(given, worker, "completed"); // so the farm is idle again
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var what = e is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}"
                : e is TaskCanceledException ? "client timeout (60 s)"
                : $"no answer ({Why(e)})";
            (afterKill ? _failuresAfter : _failuresBefore).AddOrUpdate(what, 1, (_, n) => n + 1);
            return 0;
        }
    }

    /// <summary>Why a request got no answer: the innermost cause (refused, reset, …) and, where the client says it, the node's address.</summary>
    private static string Why(Exception e)
    {
        var cause = e.GetBaseException().Message;
        return e.Message.Contains(cause, StringComparison.Ordinal) ? e.Message : cause;
    }

    private void Served(long worker)
    {
        var at = _clock.Elapsed;
        Interlocked.Increment(ref _servedAfter);
        _firstClaim.TrySetResult(at);
        if (_servedAfterKill.TryAdd(worker, true) && _servedAfterKill.Count == workers) _everyWorker.TrySetResult(at);
    }
}
