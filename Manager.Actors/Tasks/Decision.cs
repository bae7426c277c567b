using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>What a rule decided: the answer, and the events that must be durable before it is sent.</summary>
public sealed record Decision(Outcome Outcome, IReadOnlyList<ITaskEvent> Events)
{
    public static Decision Answer(Outcome outcome) => new(outcome, []);
}
