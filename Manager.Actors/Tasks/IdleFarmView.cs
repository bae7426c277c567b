namespace Manager.Actors.Tasks;

/// <summary>
/// One per node: the latest <see cref="FarmIdleness"/> the dispatcher sent, on this node's clock. While it says idle, this
/// node answers an available worker's poll "nothing" itself; once the lease runs out unrenewed (the dispatcher is gone,
/// busy, or its notices are late) every poll goes to the dispatcher again. Thread-safe: the dispatcher or the node's relay
/// writes it, request threads read it.
/// </summary>
public sealed class IdleFarmView(TimeProvider time)
{
    private long _idleUntil = long.MinValue;

    public IdleFarmView() : this(TimeProvider.System) { }

    public bool IsIdle => time.GetTimestamp() < Volatile.Read(ref _idleUntil);

    public void Note(FarmIdleness notice) => Volatile.Write(ref _idleUntil, notice.Idle
        ? time.GetTimestamp() + (long)(notice.ValidFor.TotalSeconds * time.TimestampFrequency)
        : long.MinValue);
}
