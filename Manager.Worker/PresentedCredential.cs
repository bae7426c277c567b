namespace Manager.Worker;

/// <summary>Which token the worker shows the manager at registration.</summary>
public enum PresentedCredential
{
    /// <summary>No token: only a manager with authentication off accepts it.</summary>
    None,
    /// <summary>The worker's own token, saved at enrollment.</summary>
    WorkerToken,
    /// <summary>The operator's enrollment token (<c>--enrollment-token</c>).</summary>
    EnrollmentToken,
}
