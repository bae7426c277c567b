using System.Globalization;
using System.Security.Claims;
using Manager.Actors.Common;
using Manager.Actors.Tokens;

namespace Manager.Http.Auth;

/// <summary>The claims a bearer token turns into, and what the endpoints read back from them.</summary>
public static class ManagerClaims
{
    public const string TokenId = "token_id";
    public const string WorkerId = "worker_id";

    /// <summary>Every request when Auth:Enabled=false: an operator (the original API's trusted network).</summary>
    public static ClaimsPrincipal AnonymousOperator(string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "anonymous"), new Claim(ClaimTypes.Role, TokenRole.Operator.ToWire())], scheme));

    public static ClaimsPrincipal Of(TokenRecord token, string scheme)
    {
        var claims = new List<Claim>(4)
        {
            new(ClaimTypes.Name, token.WorkerId is { } w ? Who.Worker(w) : token.Name),
            new(ClaimTypes.Role, token.Role.ToWire()),
            new(TokenId, token.Id.ToString(CultureInfo.InvariantCulture)),
        };
        if (token.WorkerId is { } workerId) claims.Add(new Claim(WorkerId, workerId.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(TokenRole.Operator.ToWire());

    public static bool IsWorker(this ClaimsPrincipal user) => user.IsInRole(TokenRole.Worker.ToWire());

    public static bool IsEnrollment(this ClaimsPrincipal user) => user.IsInRole(TokenRole.Enrollment.ToWire());

    /// <summary>The worker a worker token acts for; null for every other role.</summary>
    public static long? WorkerIdOf(this ClaimsPrincipal user) =>
        user.FindFirst(WorkerId) is { } claim ? long.Parse(claim.Value, CultureInfo.InvariantCulture) : null;

    public static long? TokenIdOf(this ClaimsPrincipal user) =>
        user.FindFirst(TokenId) is { } claim ? long.Parse(claim.Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The caller as the actors record it (<c>by</c>) and check ownership with.</summary>
    public static Caller CallerOf(this ClaimsPrincipal user) => new(user.Identity?.Name ?? "anonymous", user.TokenIdOf(), user.IsOperator());
}
