using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>What a rule decided: the answer, and the events that must be durable before it is sent. A
/// <see cref="Refusal"/> converts to one (refused, no events).</summary>
public sealed record Decision<TValue>(Outcome<TValue> Outcome, IReadOnlyList<ITaskEvent> Events)
{
    public static implicit operator Decision<TValue>(Refusal refusal) => new(refusal, []);
}

public static class Decision
{
    public static Decision<TValue> Of<TValue>(Outcome<TValue> outcome, IReadOnlyList<ITaskEvent> events) => new(outcome, events);

    /// <summary>An answer that changes nothing.</summary>
    public static Decision<TValue> Answer<TValue>(Outcome<TValue> outcome) => new(outcome, []);
}
