using Manager.Actors.Common;

namespace Manager.Actors.Tokens;

/// <summary>What a token rule decided: the answer, and the events that must be durable before it is sent.</summary>
public sealed record TokenDecision(Outcome Outcome, IReadOnlyList<ITokenEvent> Events)
{
    public static TokenDecision Answer(Outcome outcome) => new(outcome, []);
}
