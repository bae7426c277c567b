using System.Buffers;
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
        var answer = new ArrayBufferWriter<byte>(Math.Max(1024, views.Count * BytesPerWorker));
        context.RequestServices.GetRequiredService<WorkerObjectsJson>().Write(answer, views, assignments, token);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = answer.WrittenCount;
        await context.Response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
    }
}
