using Manager.Actors.Common;

namespace Manager.Actors.Tokens;

/// <summary>
/// Issue a token whose secret the caller generated and hashed (the secret never reaches an actor or the journal).
/// A worker token is refused while its worker has one (<see cref="TokenRules.Issue"/>); a hash already known answers
/// that token (a configured token issued again at every start).
/// </summary>
public sealed record IssueToken(string Name, TokenRole Role, string Hash, long? WorkerId, string By) : ITokenStoreMessage, IAsk<TokenRecord>;

public sealed record RevokeToken(long TokenId, string By) : ITokenStoreMessage, IAsk<Done>;

/// <summary>Revokes every token of a worker (the worker was removed).</summary>
public sealed record RevokeWorkerTokens(long WorkerId, string By) : ITokenStoreMessage, IAsk<Done>;

/// <summary>
/// First start: issue an operator token (and an enrollment token, unless <paramref name="EnrollmentHash"/> is null) when no
/// operator token exists yet. Answers whether it did.
/// </summary>
public sealed record BootstrapTokens(string OperatorHash, string? EnrollmentHash) : ITokenStoreMessage, IAsk<bool>;
