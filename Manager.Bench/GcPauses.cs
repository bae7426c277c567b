using System.Diagnostics.Tracing;

namespace Manager.Bench;

/// <summary>
/// The load generator's own garbage-collection pauses while it is open (the runtime's suspend/restart events, in this
/// process): a latency the generator measures includes any pause of its own that falls inside the request.
/// </summary>
public sealed class GcPauses : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9, RestartEnd = 3; // GCSuspendEEBegin_V1, GCRestartEEEnd_V1
    private readonly List<double> _pausesMs = [];
    private DateTime? _suspendedAt;
    private volatile bool _open = true;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_open) return;
        lock (_pausesMs)
        {
            if (e.EventId == SuspendBegin) _suspendedAt = e.TimeStamp;
            else if (e.EventId == RestartEnd && _suspendedAt is { } at)
            {
                _pausesMs.Add((e.TimeStamp - at).TotalMilliseconds);
                _suspendedAt = null;
            }
        }
    }

    /// <summary>Stops recording; answers "N pauses, X ms in all, longest Y ms".</summary>
    public string Close()
    {
        _open = false;
        Dispose();
        lock (_pausesMs)
            return _pausesMs.Count == 0
                ? "no GC pause"
                : $"{_pausesMs.Count} GC pauses, {Fmt.F(_pausesMs.Sum(), 0)} ms in all, longest {Fmt.F(_pausesMs.Max(), 1)} ms";
    }
}
