using System.Text.RegularExpressions;
using Manager.Bench;
using Manager.Bench.Scenarios;

namespace Manager.Tests.Bench;

/// <summary>The bench's polling load, with requests that do not go to a manager: the poll schedule it promises.</summary>
public sealed class PollingLoadTests : IDisposable
{
    private readonly FarmClient _unused = new(new Uri("http://127.0.0.1:9"), 1); // every test passes its own request

    public void Dispose() => _unused.Dispose();

    [Fact]
    public async Task Every_due_poll_is_sent_and_a_slow_workers_late_polls_follow_one_another()
    {
        // 4 workers, a poll each every 100 ms for 400 ms: 4 polls each. Worker 0's take 150 ms, so its polls fall due
        // while the previous one is in flight and are sent as it completes.
        long[] ids = [10, 11, 12, 13];
        var inFlight = new int[ids.Length];
        var polls = new int[ids.Length];
        var overlapped = false;
        var timeline = new Timeline();

        var (total, given, latency) = await PollingLoad.RunAsync(_unused, ids, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), async id =>
        {
            var worker = (int)(id - 10);
            if (Interlocked.Increment(ref inFlight[worker]) > 1) overlapped = true;
            Interlocked.Increment(ref polls[worker]);
            if (worker == 0) await Task.Delay(150); // the manager's latency, not a synchronisation
            Interlocked.Decrement(ref inFlight[worker]);
            return worker == 1 ? 1 : 0;
        }, timeline: timeline);

        Assert.False(overlapped, "two polls of one worker were in flight at once");
        Assert.Equal([4, 4, 4, 4], polls);
        Assert.Equal([0, 0, 0, 0], inFlight); // it returned after the last poll completed
        Assert.Equal(16, total);
        Assert.Equal(4, given);
        Assert.Equal(16, latency.Count);
        Assert.Equal(16, timeline.PerSecond().Sum(line => int.Parse(Regex.Match(line, "([0-9]+) claims").Groups[1].Value)));
    }

    [Fact]
    public async Task Stop_sends_no_more_polls_and_waits_for_the_one_in_flight()
    {
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = PollingLoad.RunAsync(_unused, [1], TimeSpan.FromMilliseconds(1), TimeSpan.MaxValue, _ =>
        {
            started.TrySetResult();
            return answer.Task;
        }, stop.Token);
        await started.Task;
        await stop.CancelAsync();
        Assert.False(run.IsCompleted);
        answer.SetResult(0);

        Assert.Equal(1, (await run).Polls);
    }

    [Fact]
    public async Task A_failed_poll_ends_the_run_and_is_thrown()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PollingLoad.RunAsync(_unused, [1, 2], TimeSpan.FromMilliseconds(10), TimeSpan.MaxValue, _ => throw new InvalidOperationException("refused")));
        Assert.Equal("refused", e.Message);
    }
}
