using System.Text.Encodings.Web;
using Manager.Actors.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Manager.Http.Auth;

/// <summary>
/// The one authentication scheme: <c>Authorization: Bearer &lt;token&gt;</c>, looked up by its SHA-256 in this node's
/// <see cref="KnownTokens"/> (memory, no database read). Missing, unknown or revoked: 401 with
/// <c>WWW-Authenticate: Bearer</c>; a valid token without the right: 403 — both as problem details.
/// With Auth:Enabled=false every request is an operator.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KnownTokens tokens,
    AuthSettings auth,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Scheme = "Bearer";
    private const string Prefix = "Bearer ";
    private static readonly System.Security.Claims.ClaimsPrincipal AnonymousOperator = ManagerClaims.AnonymousOperator(Scheme);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        if (!auth.Enabled) return Success(AnonymousOperator);

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length == Prefix.Length)
            return AuthenticateResult.Fail("send the token as 'Authorization: Bearer <token>'");

        // Until the token store has recovered nobody can be checked; the challenge then answers 503 (retry), not 401.
        if (!tokens.Loaded.IsCompleted) return AuthenticateResult.NoResult();

        return tokens.Find(TokenSecrets.Hash(header[Prefix.Length..].Trim())) is { } token
            ? Success(ManagerClaims.Of(token, Scheme))
            : AuthenticateResult.Fail("the token is unknown or was revoked");
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (auth.Enabled && !tokens.Loaded.IsCompleted)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "1";
            await WriteProblem("The manager is starting", "the credentials are not loaded yet; retry shortly");
            return;
        }
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblem("Authentication required", failure ?? "this route needs 'Authorization: Bearer <token>'");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "no role";
        return WriteProblem("Not allowed for this token", $"a {role} token may not {Request.Method} {Request.Path}");
    }

    private async Task WriteProblem(string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        });
}
