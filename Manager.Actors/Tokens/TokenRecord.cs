namespace Manager.Actors.Tokens;

/// <summary>
/// A credential as the manager keeps it: never the secret, only its SHA-256 (<see cref="TokenSecrets.Hash"/>).
/// </summary>
/// <param name="WorkerId">The worker a <see cref="TokenRole.Worker"/> token acts for; null for the other roles.</param>
/// <param name="CreatedBy">Who issued it (a token's name, <c>worker:&lt;id&gt;</c>, or <c>manager</c> for the bootstrap).</param>
public sealed record TokenRecord(
    long Id,
    string Name,
    TokenRole Role,
    string Hash,
    long? WorkerId,
    DateTimeOffset CreatedAt,
    string CreatedBy);
