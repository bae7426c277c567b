using Manager.Actors.Common;

namespace Manager.Actors.Tokens;

/// <summary>GET /tokens: the active tokens, without secrets, in id order.</summary>
public sealed record ListTokens : ITokenStoreMessage, IAsk<IReadOnlyList<TokenRecord>>
{
    public static readonly ListTokens Instance = new();
}

/// <summary>
/// Asks the store for its tokens (each cluster node's replica does, now and then): answers <see cref="TokensPublished"/>,
/// or <see cref="TokensUnchanged"/> when <paramref name="KnownVersion"/> is already the latest.
/// </summary>
public sealed record GetPublishedTokens(long KnownVersion) : ITokenStoreMessage;
