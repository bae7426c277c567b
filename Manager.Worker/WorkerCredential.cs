namespace Manager.Worker;

/// <summary>
/// The worker's own credential, as the manager handed it out at enrollment (<c>POST /workers</c>
/// answered 201 with <c>token</c>). Kept in the work directory so that a restart registers as the
/// same worker without the enrollment token.
/// </summary>
public sealed record WorkerCredential
{
    /// <summary>The manager it was issued by (for the operator's information; any node of a cluster honours it).</summary>
    public required string Manager { get; init; }

    public required string Hostname { get; init; }

    public required long WorkerId { get; init; }

    public required string Token { get; init; }
}
