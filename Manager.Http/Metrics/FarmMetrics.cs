using System.Diagnostics;
using System.Diagnostics.Metrics;
using Manager.Actors.Events;

namespace Manager.Http.Metrics;

/// <summary>
/// The farm's own meters (OpenTelemetry, exported at /metrics; docs/api.md, "Metrics"). The counters and the histogram
/// count what this node served; the gauges show the farm's tasks, jobs and workers as of the latest batch of changes
/// this node received (every node receives them; nothing before the first change after the node started). The journal's
/// write latency is recorded in Manager.Actors (<see cref="Manager.Actors.Metrics.JournalWrites"/>) under the same meter name.
/// </summary>
public sealed class FarmMetrics : IDisposable
{
    public const string MeterName = Manager.Actors.Metrics.JournalWrites.MeterName;

    private readonly Meter _meter;
    private readonly Counter<long> _claims;
    private readonly Histogram<double> _claimDuration;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _logBytes;
    private readonly UpDownCounter<long> _logStreams;
    private readonly Counter<long> _logStreamMessages;
    private volatile FarmCounts? _counts;
    private volatile WorkerCounts? _workers;

    public FarmMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _claims = _meter.CreateCounter<long>("manager.claims", "{claim}",
            "Polls of available workers answered, by outcome (task: a task was given, or none) and by who answered (answered_by: dispatcher, or node: this node, the farm being idle)");
        _claimDuration = _meter.CreateHistogram<double>("manager.claim.duration", "s",
            "Time from a poll's arrival to its answer, by outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15] });
        _authenticationFailures = _meter.CreateCounter<long>("manager.authentication.failures", "{request}",
            "Requests refused 401: a token that is unknown, revoked or malformed");
        _logBytes = _meter.CreateCounter<long>("manager.log.stored", "By", "Bytes of task log chunks stored (UTF-8)");
        _logStreams = _meter.CreateUpDownCounter<long>("manager.log.streams", "{stream}", "Workers' log streams open on this node");
        _logStreamMessages = _meter.CreateCounter<long>("manager.log.stream.messages", "{message}",
            "Messages received on workers' log streams (each a chunk, or refused as not one)");
        _meter.CreateObservableGauge("manager.tasks", () => ByStatus(_counts?.Tasks), "{task}", "Tasks by status");
        _meter.CreateObservableGauge("manager.jobs", () => ByStatus(_counts?.Jobs), "{job}", "Jobs by status");
        _meter.CreateObservableGauge("manager.workers", () => ByConnection(_workers), "{worker}",
            "Registered workers by connection (online, offline) and switch (enabled, disabled)");
    }

    public void Claimed(bool gotTask, TimeSpan took, bool answeredByNode)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", gotTask ? "task" : "none");
        var answeredBy = new KeyValuePair<string, object?>("answered_by", answeredByNode ? "node" : "dispatcher");
        _claims.Add(1, outcome, answeredBy);
        _claimDuration.Record(took.TotalSeconds, outcome);
    }

    public void AuthenticationFailed() => _authenticationFailures.Add(1);

    public void LogStored(long bytes) => _logBytes.Add(bytes);

    public void LogStreamOpened() => _logStreams.Add(1);

    public void LogStreamClosed() => _logStreams.Add(-1);

    public void LogStreamMessage() => _logStreamMessages.Add(1);

    public void CountsChanged(FarmCounts counts) => _counts = counts;

    public void WorkersChanged(WorkerCounts counts) => _workers = counts;

    private static IEnumerable<Measurement<int>> ByStatus(IReadOnlyDictionary<string, int>? counts) =>
        counts?.Select(kv => new Measurement<int>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))) ?? [];

    private static IEnumerable<Measurement<int>> ByConnection(WorkerCounts? counts) => counts is null ? [] :
    [
        Workers(counts.OnlineEnabled, "online", "enabled"), Workers(counts.OnlineDisabled, "online", "disabled"),
        Workers(counts.OfflineEnabled, "offline", "enabled"), Workers(counts.OfflineDisabled, "offline", "disabled"),
    ];

    private static Measurement<int> Workers(int count, string connection, string status) =>
        new(count, new KeyValuePair<string, object?>("connection", connection), new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
