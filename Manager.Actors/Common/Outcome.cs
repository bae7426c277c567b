using System.Diagnostics.CodeAnalysis;

namespace Manager.Actors.Common;

/// <summary>
/// The answer of an actor to a command or query (<see cref="IAsk{TValue}"/>): done with a value, or refused with the
/// reason. The HTTP layer maps each kind of <see cref="Common.Refusal"/> to a status code, so the rules never know about
/// HTTP. A command with nothing to tell but that it was done answers <see cref="Outcome{TValue}"/> of <see cref="Common.Done"/>.
/// </summary>
/// <param name="Refusal">Why it was refused; null when it was done.</param>
public abstract record Outcome(Refusal? Refusal)
{
    private static readonly Outcome<Done> DoneWithNothing = new(Common.Done.Instance, null);

    public static Outcome<TValue> Done<TValue>(TValue value) => new(value, null);

    /// <summary>Done, nothing more to tell (one shared instance: commands on the hot path answer it).</summary>
    public static Outcome<Done> Done() => DoneWithNothing;
}

/// <summary>An <see cref="Outcome"/> whose success carries a <typeparamref name="TValue"/>. A <see cref="Common.Refusal"/>
/// converts to one implicitly, so a rule returns <c>new Refusal.NotFound(…)</c> whatever it answers when done.</summary>
/// <param name="Value">The answer when done; default when refused.</param>
public sealed record Outcome<TValue>(TValue? Value, Refusal? Refusal) : Outcome(Refusal)
{
    /// <summary>True, with the value, when done; false when refused (then <see cref="Outcome.Refusal"/> says why).</summary>
    public bool IsDone([MaybeNullWhen(false)] out TValue value)
    {
        value = Value;
        return Refusal is null;
    }

    public static implicit operator Outcome<TValue>(Refusal refusal) => new(default, refusal);
}
