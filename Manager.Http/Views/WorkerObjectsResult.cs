using Manager.Actors.Tasks;
using Manager.Actors.Workers;

namespace Manager.Http.Views;

/// <summary>
/// An answer of worker objects keyed by host name (GET /workers, POST /workers), written by <see cref="WorkerObjectsJson"/>.
/// The whole answer is written to memory first and sent in one write with its length: 10,000 workers are about
/// 3.4 MB, which sent as it is written would wait for the client at every 64 KB the server buffers.
/// </summary>
public sealed class WorkerObjectsResult(
    IReadOnlyList<WorkerView> views, IReadOnlyDictionary<long, WorkerAssignment> assignments, int statusCode = StatusCodes.Status200OK,
    string? token = null) : IResult
{
    /// <summary>About what one worker object takes, so the buffer is rarely grown.</summary>
    private const int BytesPerWorker = 384;

    public async Task ExecuteAsync(HttpContext context)
    {
        using var answer = new MemoryStream(Math.Max(1024, views.Count * BytesPerWorker));
        await context.RequestServices.GetRequiredService<WorkerObjectsJson>()
            .WriteAsync(answer, views, assignments, token, context.RequestAborted);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer.GetBuffer().AsMemory(0, (int)answer.Length), context.RequestAborted);
    }
}
