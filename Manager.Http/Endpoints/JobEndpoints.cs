using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Http.Auth;
using Manager.Http.Frames;
using Manager.Http.Json;
using Manager.Http.Logs;
using Manager.Http.Problems;
using Manager.Http.Views;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

/// <summary>Part D: jobs, compiled into tasks the dispatcher schedules (docs/api.md, "Jobs").</summary>
public static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapPost("", Submit).RequireAuthorization(Policies.Submitter).RequireRateLimiting(SubmissionRateLimit.Policy)
            .WithSummary("Submitter: submit a job (202); its settings compile into render tasks (and a video task); idempotent with job_id")
            .Takes<JobSubmission>().Produces<JobView>(StatusCodes.Status202Accepted).Refuses(400, 409, 413, 422, 429);
        jobs.MapGet("", List).RequireAuthorization(Policies.Reader)
            .WithSummary("Jobs in ascending id order; filter status; paging with after and limit")
            .Produces<IReadOnlyList<JobView>>().Refuses(400);
        jobs.MapGet("/{id:long}", Get).RequireAuthorization(Policies.Reader)
            .WithSummary("One job: status, task counts, frames, progress, ETA and what it waits for")
            .Produces<JobView>().Refuses(404);
        jobs.MapGet("/{id:long}/tasks", Tasks).RequireAuthorization(Policies.Reader)
            .WithSummary("The job's tasks as GET /tasks lists them; paging with after and limit")
            .Produces<IReadOnlyList<TaskListItem>>().Refuses(400, 404);
        jobs.MapPatch("/{id:long}", Update).RequireAuthorization(Policies.Submitter)
            .WithSummary("Submitter (own jobs) or operator: status (canceled, paused, queued) and priority (204)")
            .Takes<JobUpdate>().Produces(StatusCodes.Status204NoContent).Refuses(400, 404, 409, 413, 422);
        jobs.MapDelete("/{id:long}", Delete).RequireAuthorization(Policies.Submitter)
            .WithSummary("Submitter (own jobs) or operator: cancel and remove a job with its tasks (202); ids are never reused")
            .Produces(StatusCodes.Status202Accepted).Refuses(404);
    }

    private static async Task<IResult> Submit(HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var name = body.String("name", required: true);
        var type = body.String("type", required: true);
        var settings = body.Object("settings", required: true);
        var priority = body.Long("priority");
        var dependsOn = body.LongList("depends_on");
        var tags = body.StringList("tags");
        var jobId = body.Long("job_id");
        if (body.Problem("cannot submit the job") is { } invalid) return invalid;

        // Compiled here, on the request's thread: a large job would hold the dispatcher (and every claim) for seconds. The
        // dispatcher checks everything else, and compiles itself (to refuse with the same errors) when this did not compile.
        // In a cluster the dispatcher compiles: the compiled tasks of a large job would pass Akka's frame size (4 MiB).
        var settingsText = settings!.Value.GetRawText();
        var compiled = !actors.CrossesNodes && Bounds.SettingsProblem(settingsText) is null ? JobRules.Compile(type!, settingsText)?.Tasks : null;
        var outcome = await actors.Ask(new SubmitJob(jobId, name!, type!, settingsText, priority, dependsOn ?? [], tags ?? [],
            context.User.CallerOf(), compiled));
        return outcome.IsDone(out var result)
            ? Results.Json(JobView.Of(result.Job), statusCode: StatusCodes.Status202Accepted)
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> List(HttpRequest request, ActorGateway actors)
    {
        var errors = new Dictionary<string, string[]>();
        JobStatus? status = null;
        if (request.Query.TryGetValue("status", out var s))
        {
            if (JobStatusNames.TryParse(s.ToString(), out var parsed)) status = parsed;
            else errors["status"] = ["must be one of queued, active, paused, completed, failed, canceled"];
        }
        var (after, limit) = QueryValues.Page(request.Query, errors);
        if (errors.Count > 0) return ProblemResults.BadRequest("invalid filter or page value", errors);

        var outcome = await actors.Ask(new ListJobs(status, after, limit));
        return outcome.IsDone(out var page) ? Results.Json(page.Select(JobView.Of)) : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Get(long id, ActorGateway actors)
    {
        var outcome = await actors.Ask(new GetJob(id));
        return outcome.IsDone(out var job) ? Results.Json(JobView.Of(job)) : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Tasks(long id, HttpRequest request, ActorGateway actors)
    {
        var errors = new Dictionary<string, string[]>();
        var (after, limit) = QueryValues.Page(request.Query, errors);
        if (errors.Count > 0) return ProblemResults.BadRequest("invalid page value", errors);

        var outcome = await actors.Ask(new ListJobTasks(id, after, limit));
        return outcome.IsDone(out var page) ? Results.Json(page.Select(TaskListItem.Of)) : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Update(long id, HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var statusWord = body.String("status");
        var priority = body.Long("priority");
        JobStatus? status = null;
        if (statusWord is not null)
        {
            if (JobStatusNames.TryParse(statusWord, out var parsed) && parsed is JobStatus.Canceled or JobStatus.Paused or JobStatus.Queued)
                status = parsed;
            else body.Invalid("status", $"status must be canceled, paused or queued, not '{statusWord}'");
        }
        if (statusWord is null && priority is null) body.Invalid("body", "nothing to change: send priority and/or status");
        if (body.Problem($"cannot update job {id}") is { } invalid) return invalid;

        return ProblemResults.NoContentOr(await actors.Ask(new UpdateJob(id, status, priority, context.User.CallerOf())));
    }

    private static async Task<IResult> Delete(long id, HttpContext context, ActorGateway actors, TaskLogStore logs, LastFrameStore frames,
        ILogger<TaskLogStore> logger)
    {
        var outcome = await actors.Ask(new DeleteJob(id, context.User.CallerOf()));
        if (!outcome.IsDone(out var deleted)) return ProblemResults.From(outcome);
        foreach (var taskId in deleted.TaskIds) await TaskEndpoints.DeleteLogAsync(logs, logger, taskId);
        try
        {
            await frames.DeleteAsync(id);
        }
        catch (LastFrameUnavailableException e)
        {
            // The job is gone either way: GET /jobs/{id}/last-frame answers 404 for it; only the row's space is not freed.
            logger.LogWarning(e, "job {JobId} was deleted but its last frame was not", id);
        }
        return Results.Accepted();
    }
}
