using Akka.Actor;

namespace Manager.Actors.Tasks;

/// <summary>
/// Holds answers that changed nothing until every write issued before them is durable, so nobody reads
/// state the journal does not have yet. (Akka's DeferAsync does the same, but a deferral flushed on its own
/// reaches the journal as an empty write batch, which Akka.Persistence.Sql 1.5.73 fails on and then opens
/// its circuit breaker.) Writes complete in the order they were issued.
/// </summary>
public sealed class AnswersAfterWrites
{
    private readonly Queue<(long AfterWrite, IActorRef To, object Answer)> _waiting = new();
    private long _issued;
    private long _durable;

    /// <summary>Numbers a new write; pass the number to <see cref="WriteDurable"/> when it is written.</summary>
    public long WriteIssued() => ++_issued;

    public void AfterWritesIssuedSoFar(IActorRef to, object answer)
    {
        if (_durable == _issued) to.Tell(answer);
        else _waiting.Enqueue((_issued, to, answer));
    }

    public void WriteDurable(long write)
    {
        _durable = write;
        while (_waiting.TryPeek(out var next) && next.AfterWrite <= _durable)
        {
            _waiting.Dequeue();
            next.To.Tell(next.Answer);
        }
    }
}
