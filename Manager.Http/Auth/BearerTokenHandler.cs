using System.Security.Claims;
using Manager.Actors.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace Manager.Http.Auth;

/// <summary>
/// The one authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c>, looked up in this node's
/// <see cref="KnownTokens"/> (memory, no database read; a token already seen costs one dictionary lookup and reuses its
/// authentication result, <see cref="AuthenticatedPrincipals"/>). Missing, unknown or revoked: 401 with
/// <c>WWW-Authenticate: Bearer</c>; a valid token without the right: 403 — both as problem details. With
/// Auth:Enabled=false every request is an operator.
/// </summary>
/// <remarks>
/// A plain <see cref="IAuthenticationHandler"/> rather than <c>AuthenticationHandler&lt;TOptions&gt;</c>: every request
/// authenticates, and that base class resolves options and creates a logger per request for features this scheme does
/// not use (measured: the authentication and authorization middleware were about a tenth of the manager's CPU under load).
/// </remarks>
public sealed class BearerTokenHandler(
    KnownTokens tokens, AuthenticatedPrincipals principals, AuthSettings auth, TokenBootstrap bootstrap, IProblemDetailsService problems,
    TokenReplicationWait replication, Metrics.FarmMetrics? metrics = null)
    : IAuthenticationHandler
{
    public const string Scheme = "Bearer";
    private const string Prefix = "Bearer ";
    private static readonly AuthenticateResult AnonymousOperator =
        AuthenticateResult.Success(new AuthenticationTicket(ManagerClaims.AnonymousOperator(Scheme), Scheme));
    private static readonly AuthenticateResult Malformed = AuthenticateResult.Fail("send the token as 'Authorization: Bearer <token>'");
    private static readonly AuthenticateResult Unknown = AuthenticateResult.Fail("the token is unknown or was revoked");

    private HttpContext _context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        var result = Authenticate();
        return result == Unknown && replication.Bound > TimeSpan.Zero ? AuthenticateOnceReplicatedAsync() : Task.FromResult(result);
    }

    /// <summary>
    /// In a cluster a token issued through another node reaches this node's copy a moment later (a worker enrolled
    /// through one node may send its next request through another at once): an unknown token is looked up again at
    /// each change of the copy, within <see cref="TokenReplicationWait.Bound"/>, before it is refused.
    /// </summary>
    private async Task<AuthenticateResult> AuthenticateOnceReplicatedAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < replication.Bound)
        {
            var change = tokens.NextChange;
            if (Authenticate() is var result && result != Unknown) return result; // changed between the two looks
            try
            {
                await change.WaitAsync(replication.Bound - clock.Elapsed, _context.RequestAborted);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                break;
            }
        }
        return Authenticate();
    }

    private bool CredentialsReady => tokens.Loaded.IsCompleted && bootstrap.Done.IsCompleted;

    private AuthenticateResult Authenticate()
    {
        if (!auth.Enabled) return AnonymousOperator;

        string? header = _context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length) return Malformed;

        // Until the token store has recovered and the configured or first-start tokens are in place, nobody can be
        // checked (a configured operator token may not be issued yet): the challenge then answers 503 (retry), not 401.
        if (!CredentialsReady) return AuthenticateResult.NoResult();
        return principals.Find(header.AsSpan(Prefix.Length).Trim()) ?? Unknown;
    }

    /// <summary>The secret of the request's <c>Authorization: Bearer</c> header as <see cref="Authenticate"/> reads it; null without one.</summary>
    public static string? SecretOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && header.Length > Prefix.Length
            ? header[Prefix.Length..].Trim()
            : null;
    }

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var response = _context.Response;
        if (auth.Enabled && !CredentialsReady)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "1";
            await WriteProblem("The manager is starting", "the credentials are not loaded yet; retry shortly");
            return;
        }
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Bearer";
        metrics?.AuthenticationFailed();
        await WriteProblem("Authentication required", Authenticate().Failure?.Message ?? "this route needs 'Authorization: Bearer <token>'");
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        _context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = _context.User.FindFirst(ClaimTypes.Role)?.Value ?? "no role";
        return WriteProblem("Not allowed for this token", $"a {role} token may not {_context.Request.Method} {_context.Request.Path}");
    }

    private async Task WriteProblem(string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = _context,
            ProblemDetails = { Status = _context.Response.StatusCode, Title = title, Detail = detail },
        });
}
