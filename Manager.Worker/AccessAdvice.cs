namespace Manager.Worker;

/// <summary>
/// The one line a worker prints when the manager does not let it work: what happened and what to
/// do about it. Pure.
/// </summary>
public static class AccessAdvice
{
    private const string EnrollHint =
        "start the worker with --enrollment-token TOKEN (or MANAGER_WORKER_ENROLLMENT_TOKEN); an operator finds one in the " +
        "manager's worker-enrollment.token file or creates one with POST /tokens {\"role\": \"enrollment\"}";

    /// <summary>Registration was answered 401.</summary>
    public static string RegistrationRefused(PresentedCredential presented, string credentialPath, string detail) => presented switch
    {
        PresentedCredential.WorkerToken =>
            $"the manager refused this worker's saved credential ({credentialPath}){Reason(401, detail)}: it was revoked or the worker was removed; {EnrollHint}",
        PresentedCredential.EnrollmentToken =>
            $"the manager refused the enrollment token{Reason(401, detail)}: it is unknown or revoked; ask an operator for a valid one",
        _ => $"the manager requires a credential{Reason(401, detail)}; {EnrollHint}",
    };

    /// <summary>Registration was answered 403: the token is valid but may not register this worker.</summary>
    public static string RegistrationForbidden(PresentedCredential presented, string detail) =>
        $"the manager does not let this {(presented == PresentedCredential.WorkerToken ? "worker's credential" : "token")} register a worker{Reason(403, detail)}; " +
        "use an enrollment token (--enrollment-token)";

    /// <summary>Registration was answered 409: the host name belongs to another credential.</summary>
    public static string HostnameTaken(string hostname, string detail) =>
        $"host name '{hostname}' is already registered to another credential{Reason(409, detail)}; an operator must remove that worker " +
        "(DELETE /workers/{id}) before this one can enroll, or start this worker with another --hostname";

    /// <summary>A request was answered 401 while the worker was working.</summary>
    public static string RevokedWhileRunning(string hostname, string detail) =>
        $"the manager no longer accepts the credential of worker '{hostname}'{Reason(401, detail)}: it was revoked or the worker was removed; " +
        $"the worker stopped. To let it rejoin, {EnrollHint}";

    private static string Reason(int status, string detail) =>
        string.IsNullOrWhiteSpace(detail) ? $" ({status})" : $" ({status}: {detail.Trim()})";
}
