using Manager.Actors.Tokens;

namespace Manager.Http.Views;

/// <summary>A token as GET /tokens shows it: never the secret (the manager does not have it).</summary>
public sealed record TokenView(long Id, string Name, string Role, long? WorkerId, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static TokenView Of(TokenRecord t) => new(t.Id, t.Name, t.Role.ToWire(), t.WorkerId, t.CreatedAt, t.CreatedBy);
}

/// <summary>POST /tokens: the only answer that carries the secret.</summary>
public sealed record CreatedTokenView(long Id, string Name, string Role, string Token, DateTimeOffset CreatedAt)
{
    public static CreatedTokenView Of(TokenRecord t, string secret) => new(t.Id, t.Name, t.Role.ToWire(), secret, t.CreatedAt);
}
