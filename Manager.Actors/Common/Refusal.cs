using System.Text.Json.Serialization;

namespace Manager.Actors.Common;

/// <summary>Why an actor refused a command or query (the failure of an <see cref="Outcome"/>); each kind is one HTTP problem.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NotFound), "not_found")]
[JsonDerivedType(typeof(Conflict), "conflict")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
[JsonDerivedType(typeof(Invalid), "invalid")]
public abstract record Refusal(string Detail)
{
    /// <summary>What the command or query names does not exist (404).</summary>
    public sealed record NotFound(string Detail) : Refusal(Detail);

    /// <summary>The current state does not allow it (409).</summary>
    public sealed record Conflict(string Detail) : Refusal(Detail);

    /// <summary>The caller may not do it (403).</summary>
    public sealed record Forbidden(string Detail) : Refusal(Detail);

    /// <summary>The values sent are not valid: the messages per field (422).</summary>
    public sealed record Invalid(string Detail, IReadOnlyDictionary<string, string[]> Errors) : Refusal(Detail);

    /// <summary>One field's value is not valid.</summary>
    public static Invalid InvalidField(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}
