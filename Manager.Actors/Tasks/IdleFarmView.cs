namespace Manager.Actors.Tasks;

/// <summary>
/// One per node: the latest <see cref="FarmIdleness"/> the dispatcher told. While it says idle, this node answers an
/// available worker's poll "nothing" itself. It keeps saying so while the dispatcher is away (restarting, or moving to
/// another node): no task can be queued meanwhile, so "nothing" stays the right answer, and the dispatcher, back, tells
/// its state at its first tick. A node that has heard nothing yet asks the dispatcher. Thread-safe: the dispatcher or the
/// node's relay writes it, request threads read it.
/// </summary>
public class IdleFarmView
{
    private volatile bool _idle;

    public virtual bool IsIdle => _idle;

    public virtual void Note(FarmIdleness notice) => _idle = notice.Idle;
}
