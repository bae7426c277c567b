namespace Manager.Actors.Common;

/// <summary>
/// The answer of an actor to a command or query. The HTTP layer maps each kind to a status code,
/// so the rules never know about HTTP.
/// </summary>
public abstract record Outcome
{
    public static Outcome Done(object? value = null) => new DoneOutcome(value);
    public static Outcome NotFound(string detail) => new NotFoundOutcome(detail);
    public static Outcome Conflict(string detail) => new ConflictOutcome(detail);
    public static Outcome Forbidden(string detail) => new ForbiddenOutcome(detail);
    public static Outcome Invalid(string detail, IReadOnlyDictionary<string, string[]> errors) => new InvalidOutcome(detail, errors);
    public static Outcome Invalid(string field, string message) =>
        new InvalidOutcome(message, new Dictionary<string, string[]> { [field] = [message] });
}

public sealed record DoneOutcome(object? Value) : Outcome;
public sealed record NotFoundOutcome(string Detail) : Outcome;
public sealed record ConflictOutcome(string Detail) : Outcome;
public sealed record ForbiddenOutcome(string Detail) : Outcome;
public sealed record InvalidOutcome(string Detail, IReadOnlyDictionary<string, string[]> Errors) : Outcome;
