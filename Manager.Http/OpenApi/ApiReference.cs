using Scalar.AspNetCore;

namespace Manager.Http.OpenApi;

/// <summary>
/// The API's own description: the OpenAPI document and an interactive reference (Scalar) that reads it. Both are
/// anonymous: they describe the routes, their bodies and answers, and hold nothing of the farm (every route they
/// describe still needs its token; the reference's "send" asks for one). Scalar's page and script are served from
/// the package itself, so the reference works on a network without internet access.
/// </summary>
public static class ApiReference
{
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api-reference";

    public static void MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPattern).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("Render farm manager API")
                .DisableDefaultFonts()
                .AddPreferredSecuritySchemes(Auth.BearerOpenApi.SchemeName))
            .AllowAnonymous();
    }
}
