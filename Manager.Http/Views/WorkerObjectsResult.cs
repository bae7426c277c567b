using Manager.Actors.Tasks;
using Manager.Actors.Workers;

namespace Manager.Http.Views;

/// <summary>An answer of worker objects keyed by host name (GET /workers, POST /workers), written by <see cref="WorkerObjectsJson"/>.</summary>
public sealed class WorkerObjectsResult(
    IReadOnlyList<WorkerView> views, IReadOnlyDictionary<long, WorkerAssignment> assignments, int statusCode = StatusCodes.Status200OK,
    string? token = null) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.RequestServices.GetRequiredService<WorkerObjectsJson>()
            .WriteAsync(context.Response.Body, views, assignments, token, context.RequestAborted);
    }
}
