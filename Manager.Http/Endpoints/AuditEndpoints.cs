using Manager.Http.Audit;
using Manager.Http.Auth;
using Manager.Http.Problems;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/audit", List).RequireAuthorization(Policies.Operator).WithTags("Audit")
            .WithSummary("Operator: every operator and submitter action, ascending id; paging with after and limit (1-1000, default 100)")
            .Produces<IReadOnlyList<Manager.Actors.Audit.AuditEntry>>().Refuses(400);

    private static async Task<IResult> List(HttpRequest request, AuditLog audit)
    {
        var errors = new Dictionary<string, string[]>();
        var (after, limit) = QueryValues.Page(request.Query, errors);
        if (errors.Count > 0) return ProblemResults.BadRequest("invalid page value", errors);
        return Results.Json(await audit.PageAsync(after, limit, request.HttpContext.RequestAborted));
    }
}
