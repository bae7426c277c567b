namespace Manager.Actors.Tokens;

/// <summary>GET /tokens: the active tokens, without secrets, in id order.</summary>
public sealed record ListTokens : ITokenStoreMessage
{
    public static readonly ListTokens Instance = new();
}

/// <summary>
/// Asks the store for its tokens (each cluster node's replica does, now and then): answers <see cref="TokensPublished"/>,
/// or <see cref="TokensUnchanged"/> when <paramref name="KnownVersion"/> is already the latest.
/// </summary>
public sealed record GetPublishedTokens(long KnownVersion) : ITokenStoreMessage;

/// <summary>
/// All active tokens at <paramref name="Version"/> (the store's sequence number, so an older copy never replaces a
/// newer one and a revocation is never undone).
/// </summary>
public sealed record TokensPublished(IReadOnlyList<TokenRecord> Tokens, long Version) : ITokenStoreMessage;

/// <summary>The changes that took the tokens from <paramref name="FromVersion"/> to <paramref name="ToVersion"/>, published to every node.</summary>
public sealed record TokensChanged(IReadOnlyList<TokenRecord> Issued, IReadOnlyList<long> Revoked, long FromVersion, long ToVersion)
    : ITokenStoreMessage
{
    public TokenTable ApplyTo(TokenTable table) =>
        Revoked.Aggregate(Issued.Aggregate(table, (t, token) => t.Issue(token)), (t, id) => t.Revoke(id));
}

public sealed record TokensUnchanged(long Version) : ITokenStoreMessage;
