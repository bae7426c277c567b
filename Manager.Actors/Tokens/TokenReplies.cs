namespace Manager.Actors.Tokens;

/// <summary>
/// All active tokens at <paramref name="Version"/> (the store's sequence number, so an older copy never replaces a
/// newer one and a revocation is never undone).
/// </summary>
public sealed record TokensPublished(IReadOnlyList<TokenRecord> Tokens, long Version) : ITokenStoreMessage;

public sealed record TokensUnchanged(long Version) : ITokenStoreMessage;

/// <summary>
/// The changes that took the tokens from <paramref name="FromVersion"/> to <paramref name="ToVersion"/>, published to every
/// node's <see cref="TokenReplica"/> unasked.
/// </summary>
public sealed record TokensChanged(IReadOnlyList<TokenRecord> Issued, IReadOnlyList<long> Revoked, long FromVersion, long ToVersion)
    : ITokenStoreMessage
{
    public TokenTable ApplyTo(TokenTable table) =>
        Revoked.Aggregate(Issued.Aggregate(table, (t, token) => t.Issue(token)), (t, id) => t.Revoke(id));
}
