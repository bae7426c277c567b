using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Manager.Http.Auth;

/// <summary>The OpenAPI document declares the bearer scheme, required by every operation (docs/api.md, "Credentials and who may call what").</summary>
public static class BearerOpenApi
{
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddBearerScheme(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token from POST /tokens, the first start's operator.token, or a worker's enrollment. " +
                              "Roles and what each may do: docs/security.md. /healthz and /readyz need none.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
}
