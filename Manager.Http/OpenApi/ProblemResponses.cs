using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Manager.Http.OpenApi;

/// <summary>
/// The refusals every route with a token can answer, so each operation need not list them: 401 (no or an unknown
/// token), 403 (the token's role may not), 503 (the actors did not answer in time: retry). All are problem details.
/// Route-specific ones (400, 404, 409, 422, ...) are declared on the route.
/// </summary>
public static class ProblemResponses
{
    private static readonly (string Status, string Description)[] Common =
    [
        ("401", "No token, or a token the manager does not know (revoked)"),
        ("403", "The token's role may not do this"),
        ("503", "The manager is busy, recovering, or a node is moving; retry shortly"),
    ];

    public static OpenApiOptions AddCommonProblems(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) return;
            var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
            operation.Responses ??= new OpenApiResponses();
            foreach (var (status, description) in Common)
            {
                if (operation.Responses.ContainsKey(status)) continue;
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
            }
        });
}
