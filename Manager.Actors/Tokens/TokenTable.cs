using System.Collections.Immutable;

namespace Manager.Actors.Tokens;

/// <summary>
/// The active tokens, by id, by hash and by worker. Immutable: a request thread reads one while the store builds the next.
/// </summary>
public sealed class TokenTable
{
    public static readonly TokenTable Empty = new(
        ImmutableSortedDictionary<long, TokenRecord>.Empty, ImmutableDictionary<string, TokenRecord>.Empty,
        ImmutableDictionary<long, long>.Empty, 0);

    private readonly ImmutableDictionary<string, TokenRecord> _byHash;
    private readonly ImmutableDictionary<long, long> _tokenIdByWorker;

    private TokenTable(ImmutableSortedDictionary<long, TokenRecord> byId, ImmutableDictionary<string, TokenRecord> byHash,
        ImmutableDictionary<long, long> tokenIdByWorker, long lastId)
    {
        ById = byId;
        _byHash = byHash;
        _tokenIdByWorker = tokenIdByWorker;
        LastId = lastId;
    }

    public ImmutableSortedDictionary<long, TokenRecord> ById { get; }

    /// <summary>Ids only grow: a revoked token's id is never given again.</summary>
    public long LastId { get; }

    public static TokenTable Of(IEnumerable<TokenRecord> tokens) => tokens.Aggregate(Empty, (table, token) => table.Issue(token));

    public TokenRecord? FindByHash(string hash) => _byHash.GetValueOrDefault(hash);

    public bool HasOperator => ById.Values.Any(t => t.Role == TokenRole.Operator);

    /// <summary>The credential of a worker (there is at most one: <see cref="TokenRules.Issue"/>).</summary>
    public TokenRecord? OfWorker(long workerId) =>
        _tokenIdByWorker.TryGetValue(workerId, out var id) ? ById[id] : null;

    public TokenTable Apply(ITokenEvent e) => e switch
    {
        TokenIssued i => Issue(i.Token),
        TokenRevoked r => Revoke(r.TokenId),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, null),
    };

    public TokenTable Issue(TokenRecord token) => new(
        ById.SetItem(token.Id, token),
        _byHash.SetItem(token.Hash, token),
        token.WorkerId is { } workerId ? _tokenIdByWorker.SetItem(workerId, token.Id) : _tokenIdByWorker,
        Math.Max(LastId, token.Id));

    public TokenTable Revoke(long tokenId) => ById.TryGetValue(tokenId, out var token)
        ? new TokenTable(
            ById.Remove(tokenId),
            _byHash.Remove(token.Hash),
            token.WorkerId is { } workerId ? _tokenIdByWorker.Remove(workerId) : _tokenIdByWorker,
            LastId)
        : this;
}
