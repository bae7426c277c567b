using Manager.Http.Auth;
using Manager.Http.Logs;
using Manager.Http.Logs.Streaming;
using Manager.Http.OpenApi;
using Manager.Http.Problems;

namespace Manager.Http.Endpoints;

/// <summary>
/// <c>GET /workers/{id}/log-stream</c>: a WebSocket on which the worker sends its tasks' output chunk after chunk without
/// a request each (docs/api.md "Log stream"); the same rules as a chunk sent with PATCH /tasks/{id}.
/// </summary>
public static class LogStreamEndpoints
{
    public static void MapLogStreamEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/workers/{id:long}/log-stream", Open).RequireAuthorization(Policies.OwnWorker).WithTags("Workers")
            .WithSummary("The worker itself: a WebSocket for its tasks' log chunks, each acknowledged once durable (docs/api.md \"Log stream\")")
            .Produces(StatusCodes.Status101SwitchingProtocols).Refuses(400);

    private static async Task<IResult> Open(long id, HttpContext context, ActorGateway actors, TaskLogStore logs, BodyLimit limit,
        AuthSettings auth, AuthenticatedPrincipals principals, IHostApplicationLifetime lifetime, Metrics.FarmMetrics metrics)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return ProblemResults.BadRequest("the log stream is a WebSocket: send GET with 'Connection: Upgrade' and 'Upgrade: websocket'");
        var secret = BearerTokenHandler.SecretOf(context.Request);
        Func<bool> tokenStillValid = auth.Enabled && secret is not null ? () => principals.Find(secret) is not null : () => true;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        metrics.LogStreamOpened();
        try
        {
            await new LogStreamSession(socket, id, WorkerEndpoints.IpOf(context), actors, logs, tokenStillValid, limit.Bytes)
            {
                Received = metrics.LogStreamMessage,
            }.RunAsync(stopping.Token);
        }
        finally
        {
            metrics.LogStreamClosed();
        }
        return Results.Empty;
    }
}
