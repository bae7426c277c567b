using Manager.Rules;

namespace Manager.Worker;

/// <summary>
/// What the worker's last-frame pictures share across its tasks: when the last one went (at most one every
/// <see cref="Interval"/>, <see cref="FrameInterval"/>), and whether ffmpeg is missing (then the feature is off).
/// </summary>
internal sealed class WorkerFrames(Action<WorkerEventKind, string> emit)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private DateTimeOffset? _lastSent;
    private int _off;

    public bool Off => Volatile.Read(ref _off) == 1;

    /// <summary>How long until a picture may go; <see cref="Taken"/> starts the next interval.</summary>
    public TimeSpan Wait()
    {
        lock (_gate)
            return FrameInterval.Wait(_lastSent, DateTimeOffset.UtcNow, Interval);
    }

    public void Taken()
    {
        lock (_gate)
            _lastSent = DateTimeOffset.UtcNow;
    }

    /// <summary>ffmpeg cannot be started: no pictures from now on, said once.</summary>
    public void TurnOff(string why)
    {
        if (Interlocked.Exchange(ref _off, 1) == 0)
            emit(WorkerEventKind.Warning, $"last-frame pictures are off: {why}");
    }
}
