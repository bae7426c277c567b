using System.Globalization;
using Microsoft.AspNetCore.Authorization;

namespace Manager.Http.Auth;

/// <summary>The route's <c>{id}</c> is the caller's own worker id (or the caller is an operator).</summary>
public sealed class OwnWorkerRequirement : IAuthorizationRequirement;

public sealed class OwnWorkerHandler : AuthorizationHandler<OwnWorkerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnWorkerRequirement requirement)
    {
        if (context.User.IsOperator()
            || (context.Resource is HttpContext http
                && context.User.WorkerIdOf() is { } own
                && http.GetRouteValue("id") is string id
                && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var routeId)
                && routeId == own))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
