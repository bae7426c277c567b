using System.Globalization;
using System.Security.Claims;
using Manager.Actors.Jobs;
using Manager.Actors.Tasks;
using Manager.Http.Auth;
using Manager.Http.Frames;
using Manager.Http.Json;
using Manager.Http.OpenApi;
using Manager.Http.Problems;
using Microsoft.Net.Http.Headers;

namespace Manager.Http.Endpoints;

/// <summary>
/// The last rendered frame (docs/api.md, "The last rendered frame"): the worker that holds a job's task sends a JPEG of
/// the frame Blender saved last; the manager keeps the latest per job (<see cref="LastFrameStore"/>) and serves it.
/// </summary>
public static class LastFrameEndpoints
{
    public const string JpegType = "image/jpeg";

    public static void MapLastFrameEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/tasks/{id:long}/last-frame", Put).RequireAuthorization(Policies.TaskAccess).WithTags("Tasks")
            .WithSummary("Holder (its worker_id, assignment): the job's latest rendered frame as image/jpeg, at most one every 2 s per worker (204)")
            .TakesBytes(JpegType).Produces(StatusCodes.Status204NoContent).Refuses(400, 404, 409, 413, 415, 422, 429);
        app.MapGet("/jobs/{id:long}/last-frame", Get).RequireAuthorization(Policies.Reader).WithTags("Jobs")
            .WithSummary("The job's latest rendered frame (image/jpeg) with ETag, X-Task-Id, X-Frame; 304 for If-None-Match; 404 before the first")
            .Produces<Stream>(StatusCodes.Status200OK, JpegType).Produces(StatusCodes.Status304NotModified).Refuses(404);
    }

    private static async Task<IResult> Put(long id, HttpContext context, ActorGateway actors, LastFrameStore frames, LastFrameGate gate,
        TimeProvider clock, ILogger<LastFrameStore> logger)
    {
        var request = context.Request;
        var errors = new Dictionary<string, string[]>();
        var workerId = QueryValues.Long(request.Query, "worker_id", 1, long.MaxValue, errors);
        var assignment = QueryValues.Long(request.Query, "assignment", 1, long.MaxValue, errors);
        var frame = QueryValues.Long(request.Query, "frame", long.MinValue, long.MaxValue, errors);
        foreach (var (name, value) in new[] { ("worker_id", workerId), ("assignment", assignment), ("frame", frame) })
            if (value is null && !errors.ContainsKey(name)) errors[name] = ["required"];
        if (errors.Count > 0) return ProblemResults.BadRequest("send worker_id, assignment and frame in the query", errors);
        if (SenderRefusal(context.User, workerId!.Value) is { } refused) return refused;

        if (!IsJpegType(request.ContentType))
            return Results.Problem($"send the picture as {JpegType} (got '{request.ContentType ?? "no content type"}')",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        var (jpeg, tooLarge) = await JsonBody.ReadBytesAsync(request, frames.MaxBytes);
        if (tooLarge is not null) return tooLarge;
        if (!LooksLikeJpeg(jpeg!)) return ProblemResults.BadRequest("the body is not a JPEG picture (it does not begin with FF D8 FF)");

        var wait = gate.TryPass(workerId.Value);
        if (wait > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Results.Problem($"worker {workerId} sent a frame less than {LastFrameGate.Interval.TotalSeconds:0} s ago; retry after {wait.TotalSeconds:0.0} s",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many frames", type: "https://www.rfc-editor.org/rfc/rfc6585#section-4");
        }

        var holder = await actors.Ask(new CheckTaskHolder(id, workerId.Value, assignment));
        if (holder.Refusal is not null) return ProblemResults.From(holder);
        var task = await actors.Ask(new GetTask(id));
        if (!task.IsDone(out var record)) return ProblemResults.From(task);
        if (record.JobId is not { } jobId)
            return ProblemResults.Unprocessable("task", $"task {id} is not part of a job: only jobs keep a last frame");

        try
        {
            await frames.StoreAsync(LastFrame.Of(jobId, id, frame!.Value, jpeg!, clock.GetUtcNow()));
        }
        catch (LastFrameUnavailableException e)
        {
            logger.LogWarning(e, "a frame of task {TaskId} was not stored", id);
            return ProblemResults.Unavailable($"{e.Message} ({e.InnerException?.Message})", "The frame could not be stored");
        }
        return Results.NoContent();
    }

    private static async Task<IResult> Get(long id, HttpContext context, ActorGateway actors, LastFrameStore frames)
    {
        var job = await actors.Ask(new GetJob(id));
        if (job.Refusal is not null) return ProblemResults.From(job);
        LastFrame? frame;
        try
        {
            frame = await frames.ReadAsync(id);
        }
        catch (LastFrameUnavailableException e)
        {
            return ProblemResults.Unavailable($"{e.Message} ({e.InnerException?.Message})", "The frame cannot be read");
        }
        if (frame is null) return ProblemResults.NotFound($"job {id} has no rendered frame yet");

        var headers = context.Response.Headers;
        headers.ETag = frame.ETag;
        headers.CacheControl = "no-cache";
        headers.LastModified = frame.StoredAt.ToString("R", CultureInfo.InvariantCulture);
        headers["X-Task-Id"] = frame.TaskId.ToString(CultureInfo.InvariantCulture);
        headers["X-Frame"] = frame.Frame.ToString(CultureInfo.InvariantCulture);
        if (Matches(context.Request.Headers.IfNoneMatch, frame.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(frame.Jpeg, JpegType);
    }

    /// <summary>As PATCH /tasks/{id} with worker_id: a worker token sends for its own worker only, a submitter not at all.</summary>
    private static IResult? SenderRefusal(ClaimsPrincipal user, long workerId)
    {
        if (user.IsOperator()) return null;
        if (user.IsWorker())
            return workerId == user.WorkerIdOf() ? null : ProblemResults.Forbidden($"this token acts for worker {user.WorkerIdOf()}, not worker {workerId}");
        return ProblemResults.Forbidden("frames come from the worker that holds the task");
    }

    private static bool IsJpegType(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(JpegType, StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeJpeg(byte[] bytes) => bytes is [0xFF, 0xD8, 0xFF, ..];

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
}
