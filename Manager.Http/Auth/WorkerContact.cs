using Manager.Http.Endpoints;

namespace Manager.Http.Auth;

/// <summary>
/// Every request made with a worker token counts as contact with that worker, whatever it asks and however long that takes:
/// right after authentication its proxy is told <see cref="Manager.Actors.Workers.WorkerHeard"/> (one message, no wait;
/// at most one per <see cref="Manager.Actors.Workers.WorkerConnection.ContactWindow"/> per worker and node).
/// So a worker whose task updates, log chunks or completion wait for an unavailable dispatcher is not taken for silent
/// (docs/api.md, "Connection").
/// </summary>
public static class WorkerContact
{
    public static IApplicationBuilder UseWorkerContact(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.User.WorkerIdOf() is { } workerId)
            context.RequestServices.GetRequiredService<ActorGateway>().Heard(workerId, WorkerEndpoints.IpOf(context));
        return next(context);
    });
}
