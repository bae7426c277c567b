using Manager.Actors.Common;

namespace Manager.Actors.Tokens;

/// <summary>What a token rule decided: the answer, and the events that must be durable before it is sent. A
/// <see cref="Refusal"/> converts to one (refused, no events).</summary>
public sealed record TokenDecision<TValue>(Outcome<TValue> Outcome, IReadOnlyList<ITokenEvent> Events)
{
    public static implicit operator TokenDecision<TValue>(Refusal refusal) => new(refusal, []);
}

public static class TokenDecision
{
    public static TokenDecision<TValue> Of<TValue>(Outcome<TValue> outcome, IReadOnlyList<ITokenEvent> events) => new(outcome, events);

    /// <summary>An answer that changes nothing.</summary>
    public static TokenDecision<TValue> Answer<TValue>(Outcome<TValue> outcome) => new(outcome, []);
}
