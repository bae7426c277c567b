using Akka.Actor;
using Akka.Hosting;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Tokens;

namespace Manager.Http.Auth;

/// <summary>
/// At every start: issues the tokens given by configuration (Auth:OperatorToken, Auth:EnrollmentToken) if they are
/// not known yet; otherwise, when no operator token exists at all (the first start), creates an operator and an
/// enrollment token and writes them to <c>operator.token</c> and <c>worker-enrollment.token</c> (mode 0600), logging
/// the two paths, never the secrets. With Auth:Enabled=false it only warns, at every start.
/// </summary>
public sealed class TokenBootstrap(AuthSettings auth, ActorRegistry registry, KnownTokens known, ILogger<TokenBootstrap> log)
    : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the configured or first-start tokens are in place (part of /readyz).</summary>
    public Task Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!auth.Enabled)
        {
            log.LogWarning("Auth:Enabled is false: every request acts as an operator, without credentials. Use this only on a trusted network.");
            _done.TrySetResult();
            return;
        }
        // The store may not answer yet (recovering, its journal busy; in a cluster the singleton is still starting):
        // keep asking. Every request but /healthz and /readyz waits for this.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureTokensAsync(stoppingToken);
                _done.TrySetResult();
                return;
            }
            catch (ActorNotStartedYet)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("the start-up tokens are not in place yet ({Error}: {Message}); retrying in 1 s", e.GetType().Name, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task EnsureTokensAsync(CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(5);
        // Looked up, not awaited: ActorRegistry.GetAsync is not woken by a registration that does not overwrite, so a
        // wait begun before the actor system registered the store never ends.
        if (!registry.TryGet<ActorKeys.Tokens>(out var actor)) throw new ActorNotStartedYet();
        if (auth.OperatorToken is { } op)
            await Issue(actor, new IssueToken("operator (configuration)", TokenRole.Operator, TokenSecrets.Hash(op), null, "manager"), timeout, ct);
        if (auth.EnrollmentToken is { } enroll)
            await Issue(actor, new IssueToken("worker enrollment (configuration)", TokenRole.Enrollment, TokenSecrets.Hash(enroll), null, "manager"), timeout, ct);
        if (auth.OperatorToken is not null) return;

        await known.Loaded.WaitAsync(timeout, ct);
        if (known.Table.HasOperator) return;
        var operatorSecret = TokenSecrets.NewSecret();
        var enrollmentSecret = auth.EnrollmentToken is null ? TokenSecrets.NewSecret() : null;
        var answer = await actor.Ask(
            new BootstrapTokens(TokenSecrets.Hash(operatorSecret), enrollmentSecret is null ? null : TokenSecrets.Hash(enrollmentSecret)), timeout, ct);
        if (!answer.IsDone(out var issued) || !issued) return; // another node (or an earlier try) bootstrapped already

        Directory.CreateDirectory(auth.BootstrapDirectory);
        log.LogWarning("first start: created an operator token in {OperatorFile} (mode 0600); see docs/security.md",
            WriteSecret(AuthSettings.OperatorTokenFile, operatorSecret));
        if (enrollmentSecret is not null)
            log.LogWarning("first start: created a worker enrollment token in {EnrollmentFile} (mode 0600)",
                WriteSecret(AuthSettings.EnrollmentTokenFile, enrollmentSecret));
    }

    private static async Task Issue(IActorRef actor, IssueToken command, TimeSpan timeout, CancellationToken ct)
    {
        var answer = await actor.Ask(command, timeout, ct);
        if (answer.Refusal is not null)
            throw new InvalidOperationException($"the configured {command.Role.ToWire()} token was refused: {answer}");
    }

    private string WriteSecret(string fileName, string secret)
    {
        var path = Path.Combine(auth.BootstrapDirectory, fileName);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(path, System.Text.Encoding.ASCII, options)) file.Write(secret + "\n");
        // UnixCreateMode applies only when the file is new: an existing file keeps its mode unless set here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private sealed class ActorNotStartedYet : Exception;
}
