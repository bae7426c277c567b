using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Manager.Actors.Metrics;

/// <summary>
/// The journal's write latency (docs/api.md, "Metrics"): the time from a persistent actor's Persist/PersistAll call to its
/// handler running, i.e. until the events are durable, queueing behind earlier writes included. One meter for the
/// process, named like the HTTP layer's, so the same exporter takes it; recording costs a timestamp and, while nothing
/// listens, nothing more.
/// </summary>
public static class JournalWrites
{
    public const string MeterName = "Manager.Farm";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("manager.journal.write.duration", "s",
        "Time from a persistent actor's write call to its handler running (the events durable), by actor",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    /// <summary>The <c>actor</c> attribute's values.</summary>
    public const string Dispatcher = "task-dispatcher", Worker = "worker", Registry = "worker-registry", Tokens = "tokens",
        Settings = "settings";

    public static long Start() => Stopwatch.GetTimestamp();

    public static void Durable(string actor, long started) =>
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("actor", actor));

    /// <summary>
    /// <paramref name="handler"/>, recording the time since now when it first runs: pass it straight to Persist or PersistAll
    /// (a PersistAll's events are written together, so its first handler is the write's end).
    /// </summary>
    public static Action<T> Timed<T>(string actor, Action<T> handler)
    {
        var started = Start();
        var recorded = false;
        return e =>
        {
            if (!recorded)
            {
                recorded = true;
                Durable(actor, started);
            }
            handler(e);
        };
    }
}
