namespace Manager.Worker;

/// <summary>
/// The manager answered 401 (no, an unknown or a revoked token): retrying cannot help. Thrown by
/// <see cref="ManagerClient"/> for any request; the agent turns it into an <see cref="AccessDeniedException"/>.
/// </summary>
public sealed class CredentialRefusedException(string detail) : Exception($"the manager refused the credential (401{(detail.Length > 0 ? ": " + detail : "")})")
{
    /// <summary>The manager's own explanation (problem detail), possibly empty.</summary>
    public string Detail { get; } = detail;
}
