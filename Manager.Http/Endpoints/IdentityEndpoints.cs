using System.Security.Claims;
using Manager.Http.Auth;

namespace Manager.Http.Endpoints;

/// <summary>GET /whoami: who the token in the request is (the dashboard shows the actions of that role).</summary>
public static class IdentityEndpoints
{
    /// <param name="Name">The token's name (<c>worker:&lt;id&gt;</c> for a worker), as the history and the audit write it.</param>
    /// <param name="Role"><c>operator</c>, <c>submitter</c>, <c>worker</c> or <c>enrollment</c>.</param>
    /// <param name="WorkerId">The worker a worker token acts for; null otherwise.</param>
    public sealed record Identity(string Name, string Role, long? TokenId, long? WorkerId);

    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/whoami", (ClaimsPrincipal user) => new Identity(
                user.Identity?.Name ?? "anonymous", user.FindFirst(ClaimTypes.Role)?.Value ?? "", user.TokenIdOf(), user.WorkerIdOf()))
            .RequireAuthorization(Policies.AnyCaller).WithTags("Tokens")
            .WithSummary("The caller's token: its name and role (any valid token)")
            .Produces<Identity>();
    }
}
