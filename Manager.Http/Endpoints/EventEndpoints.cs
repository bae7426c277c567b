using Manager.Actors.Events;
using Manager.Http.Auth;
using Manager.Http.Events;
using Microsoft.AspNetCore.Http.Features;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

/// <summary>GET /events: the live event stream (server-sent events; docs/api.md, "Live events").</summary>
public static class EventEndpoints
{
    /// <summary>How long a client waits before reconnecting (the <c>retry:</c> field).</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>A comment line this often keeps proxies and the client from taking a quiet stream for a dead one.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", Stream).RequireAuthorization(Policies.Reader).WithTags("Events")
            .WithSummary("Server-sent events: tasks, jobs and workers as they change; resume with Last-Event-ID (docs/api.md, \"Live events\")")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .StreamsEvents((FarmEventNames.Resync, typeof(ResyncPayload)), (FarmEventNames.Changes, typeof(ChangesPayload)),
                (FarmEventNames.Workers, typeof(WorkersPayload)));
    }

    /// <summary>Streams until the client goes away or the manager stops (a stream left open would hold the shutdown back
    /// until its timeout; the client reconnects to the next manager).</summary>
    private static async Task Stream(HttpContext context, FarmEventHub hub, ActorGateway actors, IHostApplicationLifetime lifetime)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var stop = stopping.Token;
        var lastEventId = context.Request.Headers["Last-Event-ID"].FirstOrDefault();
        using var subscription = hub.Subscribe(lastEventId);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not hold the stream back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.WriteAsync($"retry: {(int)Retry.TotalMilliseconds}\n\n", stop);
            if (subscription.Missed is { } missed)
                foreach (var frame in missed) await response.Body.WriteAsync(frame.Bytes, stop);
            else
                await response.Body.WriteAsync(hub.ForOne(subscription, FarmEventNames.Resync,
                    new ResyncPayload(lastEventId is null ? "new connection" : "the events after the last id are not available here",
                        await CountsNow(actors))).Bytes, stop);
            await response.Body.FlushAsync(stop);
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stop);
                quiet.CancelAfter(KeepAlive);
                bool open;
                try
                {
                    open = await subscription.Reader.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", stop);
                    await response.Body.FlushAsync(stop);
                    continue;
                }
                if (!open) return; // cut off for falling behind: the client reconnects and resumes
                while (subscription.Reader.TryRead(out var frame)) await response.Body.WriteAsync(frame.Bytes, stop);
                await response.Body.FlushAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private static async Task<FarmCounts?> CountsNow(ActorGateway actors)
    {
        try
        {
            return (await actors.Ask(GetFarmCounts.Instance)).IsDone(out var counts) ? counts : null;
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            return null;
        }
    }
}
