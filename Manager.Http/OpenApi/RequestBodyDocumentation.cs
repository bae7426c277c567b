using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Manager.Http.OpenApi;

/// <summary>
/// Names the type that describes a route's JSON request body in the OpenAPI document. The handlers read their bodies
/// field by field (FieldReader, for precise 400/422 answers), so the body is not a handler parameter the document could
/// see; and <c>Accepts&lt;T&gt;</c> would also make routing refuse other content types with 415 before the handler
/// answers its own problem. This metadata only documents.
/// </summary>
/// <param name="BinaryContentType">Set for a body that is not JSON but bytes of this type (e.g. image/jpeg); BodyType is then unused.</param>
public sealed record RequestBodyDocumentation(Type BodyType, bool Required = true, string? BinaryContentType = null);

public static class RequestBodyDocumentationExtensions
{
    /// <summary>Documents the route's request body as <typeparamref name="TBody"/> (application/json).</summary>
    public static RouteHandlerBuilder Takes<TBody>(this RouteHandlerBuilder route) =>
        route.WithMetadata(new RequestBodyDocumentation(typeof(TBody)));

    /// <summary>Documents the route's request body as bytes of <paramref name="contentType"/> (a string of format binary).</summary>
    public static RouteHandlerBuilder TakesBytes(this RouteHandlerBuilder route, string contentType) =>
        route.WithMetadata(new RequestBodyDocumentation(typeof(byte[]), BinaryContentType: contentType));

    /// <summary>Puts the documented body into each operation, its schema a component named after the type.</summary>
    public static OpenApiOptions AddRequestBodies(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDocumentation>().FirstOrDefault() is not { } body)
                return;
            if (body.BinaryContentType is { } binary)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = body.Required,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [binary] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    },
                };
                return;
            }
            var schema = await context.GetOrCreateSchemaAsync(body.BodyType, null, cancellationToken);
            IOpenApiSchema content = schema;
            if (context.Document is { } document)
            {
                document.AddComponent(body.BodyType.Name, schema);
                content = new OpenApiSchemaReference(body.BodyType.Name, document);
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = content } },
            };
        });
}
