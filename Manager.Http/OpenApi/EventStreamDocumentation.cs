using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Manager.Http.OpenApi;

/// <summary>
/// The events a <c>text/event-stream</c> route sends, by name with the type of their JSON <c>data:</c>. OpenAPI 3.1 cannot
/// type the events of a stream, so each payload becomes a component schema (a client generator makes its type) and the
/// answer's description says which event carries which.
/// </summary>
public sealed record EventStreamDocumentation(IReadOnlyList<(string Event, Type Payload)> Events);

public static class EventStreamDocumentationExtensions
{
    /// <summary>Documents the route's events: <paramref name="events"/> are (event name, payload type).</summary>
    public static RouteHandlerBuilder StreamsEvents(this RouteHandlerBuilder route, params (string Event, Type Payload)[] events) =>
        route.WithMetadata(new EventStreamDocumentation(events));

    public static OpenApiOptions AddEventStreams(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<EventStreamDocumentation>().FirstOrDefault() is not { } stream
                || context.Document is not { } document
                || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok)
                return;
            var carried = new List<string>();
            foreach (var (name, payload) in stream.Events)
            {
                document.AddComponent(payload.Name, await context.GetOrCreateSchemaAsync(payload, null, cancellationToken));
                carried.Add($"`{name}`: `#/components/schemas/{payload.Name}`");
            }
            ok.Description = $"Server-sent events; the `data:` of each is one line of JSON — {string.Join("; ", carried)}.";
        });
}
