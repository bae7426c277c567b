namespace Manager.Worker;

/// <summary>
/// Registers the worker with the credential it should show (docs/api.md, "Credentials and who may call what"): its own token when it
/// has one for this host name, else the enrollment token, else none (a manager with authentication
/// off). An enrollment's new token is saved in the work directory before anything else uses it,
/// and from then on <see cref="ManagerClient"/> sends it with every request. A refusal becomes an
/// <see cref="AccessDeniedException"/> that says what to do.
/// </summary>
internal sealed class WorkerRegistration(WorkerOptions options, ManagerClient client, Action<WorkerEventKind, string> emit)
{
    private string CredentialPath => CredentialFile.PathIn(options.WorkDir);

    /// <summary>At start-up: the saved credential (enrolling once more if it was revoked and an enrollment token is given), else enrollment.</summary>
    public async Task<WorkerView> FirstAsync(RegisterRequest request, CancellationToken ct)
    {
        var saved = CredentialFile.Load(options.WorkDir);
        if (saved is not null && saved.Hostname != options.Hostname)
        {
            emit(WorkerEventKind.Warning, $"{CredentialPath} belongs to host name '{saved.Hostname}', not '{options.Hostname}'; not using it");
            saved = null;
        }

        if (saved is not null)
        {
            client.BearerToken = saved.Token;
            try
            {
                return await RegisterAsync(request, PresentedCredential.WorkerToken, ct);
            }
            catch (AccessDeniedException e) when (e.InnerException is CredentialRefusedException refused && options.EnrollmentToken is not null)
            {
                client.BearerToken = null;
                emit(WorkerEventKind.Warning, $"the manager refused the saved credential ({refused.Detail}); enrolling again");
            }
        }

        return await RegisterAsync(request, options.EnrollmentToken is null ? PresentedCredential.None : PresentedCredential.EnrollmentToken, ct);
    }

    /// <summary>Later (after an outage, or when the manager forgot the worker): with the credential in use.</summary>
    public Task<WorkerView> AgainAsync(RegisterRequest request, CancellationToken ct) =>
        RegisterAsync(request, client.BearerToken is null ? PresentedCredential.None : PresentedCredential.WorkerToken, ct);

    private async Task<WorkerView> RegisterAsync(RegisterRequest request, PresentedCredential presented, CancellationToken ct)
    {
        var bearer = presented == PresentedCredential.EnrollmentToken ? options.EnrollmentToken : client.BearerToken;
        WorkerView worker;
        try
        {
            worker = await client.RegisterAsync(request, bearer, ct);
        }
        catch (CredentialRefusedException e)
        {
            throw new AccessDeniedException(AccessAdvice.RegistrationRefused(presented, CredentialPath, e.Detail), e);
        }
        catch (ManagerRequestException e) when (e.StatusCode == 403)
        {
            throw new AccessDeniedException(AccessAdvice.RegistrationForbidden(presented, e.Detail), e);
        }
        catch (ManagerRequestException e) when (e.StatusCode == 409)
        {
            throw new AccessDeniedException(AccessAdvice.HostnameTaken(options.Hostname, e.Detail), e);
        }

        if (worker.Token is { Length: > 0 } token)
        {
            CredentialFile.Save(options.WorkDir, new WorkerCredential
            {
                Manager = options.Manager.ToString(), Hostname = options.Hostname, WorkerId = worker.Id, Token = token,
            });
            client.BearerToken = token;
            emit(WorkerEventKind.Enrolled, $"enrolled as worker {worker.Id}; its credential is saved in {CredentialPath}");
        }
        return worker;
    }
}
