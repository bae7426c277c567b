using Manager.Actors.Common;
using Manager.Actors.Tasks;
using Manager.Http.Auth;
using Manager.Http.Json;
using Manager.Http.Logs;
using Manager.Http.Problems;
using Manager.Http.Views;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", Submit).RequireAuthorization(Policies.Submitter).RequireRateLimiting(SubmissionRateLimit.Policy)
            .WithSummary("Submitter: submit a task (202); the compiler named by type turns its settings into commands; exec_command needs an operator")
            .Takes<TaskSubmission>().Produces<TaskView>(StatusCodes.Status202Accepted).Refuses(400, 409, 413, 422, 429);
        tasks.MapGet("", List).RequireAuthorization(Policies.Reader)
            .WithSummary("Tasks in ascending id order; filters status, worker_id; paging with after and limit")
            .Produces<IReadOnlyList<TaskListItem>>().Refuses(400);
        tasks.MapGet("/{id:long}", Get).RequireAuthorization(Policies.TaskAccess)
            .WithSummary("One task with its compiled commands, attempts, history and log tail (a worker: only the task it holds)")
            .Produces<TaskDetails>().Refuses(404);
        tasks.MapGet("/{id:long}/log", Log).RequireAuthorization(Policies.Reader).WithSummary("The task's full log as text/plain")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Refuses(404);
        tasks.MapPatch("/{id:long}", Update).RequireAuthorization(Policies.TaskAccess)
            .WithSummary("Submitter (own tasks) or operator: priority, status (cancel/pause/requeue). Holder (its worker_id): status, frame_current, log, activity, time_cost")
            .Takes<TaskUpdate>().Produces(StatusCodes.Status204NoContent).Refuses(400, 404, 409, 413, 422);
        tasks.MapDelete("/{id:long}", Delete).RequireAuthorization(Policies.Submitter)
            .WithSummary("Submitter (own tasks) or operator: cancel and remove a task (202); its id is never reused")
            .Produces(StatusCodes.Status202Accepted).Refuses(404);
    }

    private static async Task<IResult> Submit(HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var priority = body.Long("priority");
        var settings = body.String("settings", required: true);
        var taskId = body.Long("task_id");
        var type = body.String("type", required: true);
        var parser = body.String("parser");
        var tags = body.StringList("tags");
        if (taskId is <= 0) body.Invalid("task_id", "must be a positive whole number");
        if (tags?.Any(string.IsNullOrWhiteSpace) == true) body.Invalid("tags", "tags must be non-empty strings");
        if (body.Problem("cannot submit the task") is { } invalid) return invalid;
        if (TaskTypes.NeedsOperator(type!) && !context.User.IsOperator())
            return ProblemResults.Forbidden($"'{type}' tasks run any command on the render nodes; only an operator may submit them");

        var outcome = await actors.Ask(new SubmitTask(taskId, type!, parser, settings!, priority, tags ?? [], context.User.CallerOf()));
        return outcome.IsDone(out var result)
            ? Results.Json(TaskView.Of(result.Task), statusCode: StatusCodes.Status202Accepted)
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> List(HttpRequest request, ActorGateway actors)
    {
        var query = request.Query;
        var errors = new Dictionary<string, string[]>();
        TaskStatus? status = null;
        if (query.TryGetValue("status", out var s))
        {
            if (TaskStatusNames.TryParse(s.ToString(), out var parsed)) status = parsed;
            else errors["status"] = ["must be one of queued, rendering, completed, failed, canceled, paused"];
        }
        var workerId = QueryValues.Long(query, "worker_id", long.MinValue, long.MaxValue, errors);
        var (after, limit) = QueryValues.Page(query, errors);
        if (errors.Count > 0) return ProblemResults.BadRequest("invalid filter or page value", errors);

        var outcome = await actors.Ask(new ListTasks(status, workerId, after, limit));
        return outcome.IsDone(out var page)
            ? Results.Json(page.Select(TaskListItem.Of))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Get(long id, HttpContext context, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Ask(new GetTask(id));
        if (!outcome.IsDone(out var task)) return ProblemResults.From(outcome);
        if (context.User.IsWorker() && !(task.Status == TaskStatus.Rendering && task.WorkerId == context.User.WorkerIdOf()))
            return ProblemResults.Forbidden($"a worker token reads only the task its worker holds; task {id} is not held by {context.User.CallerOf().By}");
        return Results.Json(TaskDetails.Of(task, await LogTailOrNull(logs, id)));
    }

    private static async Task<IResult> Log(long id, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Ask(new GetTask(id));
        if (outcome.Refusal is not null) return ProblemResults.From(outcome);
        try
        {
            return Results.Stream(await logs.OpenReadAsync(id) ?? Stream.Null, "text/plain; charset=utf-8");
        }
        catch (TaskLogUnavailableException e)
        {
            return ProblemResults.Unavailable(e.Message, "The log cannot be read");
        }
    }

    /// <summary>The task is shown even when its log cannot be read: the tail is then null (GET /tasks/{id}/log says why).</summary>
    private static async Task<string?> LogTailOrNull(TaskLogStore logs, long id)
    {
        try
        {
            return await logs.TailAsync(id);
        }
        catch (TaskLogUnavailableException)
        {
            return null;
        }
    }

    private static async Task<IResult> Update(long id, HttpContext context, ActorGateway actors, TaskLogStore logs, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var workerId = body.Long("worker_id");
        var assignment = body.Long("assignment");
        var logSeq = body.Long("log_seq");
        var statusWord = body.String("status");
        var priority = body.Long("priority");
        var frameCurrent = body.Long("frame_current");
        var log = body.String("log");
        var activity = body.String("activity");
        var timeCost = body.Double("time_cost");

        TaskStatus? status = null;
        if (statusWord is not null)
        {
            if (TaskStatusNames.TryParse(statusWord, out var parsed)) status = parsed;
            else body.Invalid("status", $"unknown status '{statusWord}'");
        }
        if (timeCost is < 0) body.Invalid("time_cost", "must not be negative");
        if (logSeq is not null && (assignment is null || log is null)) body.Invalid("log_seq", "log_seq numbers a log chunk: send it with log and assignment");
        if (logSeq is < 1) body.Invalid("log_seq", "must be 1 or more");
        if (workerId is null)
        {
            foreach (var (field, present) in new[] { ("frame_current", frameCurrent is not null), ("log", log is not null),
                         ("activity", activity is not null), ("time_cost", timeCost is not null), ("assignment", assignment is not null),
                         ("log_seq", logSeq is not null) })
                if (present) body.Invalid(field, $"{field} is sent by the worker that holds the task, together with its worker_id");
            // Any other known status word is a transition an operator may not ask for: 409 from the dispatcher (docs/api.md).
            if (status is null && priority is null && statusWord is null)
                body.Invalid("body", "nothing to change: send priority and/or status");
        }
        else if (priority is not null)
        {
            body.Invalid("priority", "priority is changed by an operator, not by the worker");
        }
        if (body.Problem($"cannot update task {id}") is { } invalid) return invalid;
        if (WorkerUpdateRefusal(context.User, workerId) is { } refused) return refused;

        if (workerId is not { } w)
        {
            return ProblemResults.NoContentOr(await actors.Ask(new UpdateTaskFromOperator(id, status, priority, context.User.CallerOf())));
        }
        // A worker token's request was contact already (WorkerContact); an operator acting for the worker (or any caller
        // with authentication off) counts as contact like its PATCH /workers/{id} does.
        if (!context.User.IsWorker()) actors.Heard(w, WorkerEndpoints.IpOf(context));

        var update = new UpdateTaskFromWorker(id, w, assignment, status, frameCurrent, log, activity, timeCost);
        if (log is not { Length: > 0 }) return ProblemResults.NoContentOr(await actors.Ask(update));
        return status is null or TaskStatus.Rendering
            ? await ProgressWithChunk(update, logSeq, actors, logs)
            : await StatusChangeWithChunk(update, logSeq, actors, logs);
    }

    /// <summary>
    /// A progress report (nothing about who holds the task changes): one ask, which checks the holder and applies the
    /// progress at once, then the chunk is stored under the assignment it answers. If the store fails the progress
    /// stands and the worker sends the same update again: the chunk is then stored, and its progress is the same.
    /// </summary>
    private static async Task<IResult> ProgressWithChunk(UpdateTaskFromWorker update, long? logSeq, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Ask(update);
        if (!outcome.IsDone(out var current)) return ProblemResults.From(outcome);
        return await StoreChunk(update, current, logSeq, logs, "the progress was taken but the log chunk was not stored") ?? Results.NoContent();
    }

    /// <summary>
    /// A status change (completed, failed, handed back): the chunk is stored first, and only while the sender holds the
    /// task, so a failed store changes nothing (the worker sends both again). A sender that does not hold it stores
    /// nothing; its update then gets the dispatcher's answer (409, or 204 when it repeats the update that finished the
    /// task: that chunk was stored the first time).
    /// </summary>
    private static async Task<IResult> StatusChangeWithChunk(UpdateTaskFromWorker update, long? logSeq, ActorGateway actors, TaskLogStore logs)
    {
        if ((await actors.Ask(new CheckTaskHolder(update.TaskId, update.WorkerId, update.Assignment))).IsDone(out var current)
            && await StoreChunk(update, current, logSeq, logs, "the log chunk was not stored and nothing was changed") is { } unavailable)
            return unavailable;
        return ProblemResults.NoContentOr(await actors.Ask(update));
    }

    /// <summary>Stores the update's chunk (a repeated (assignment, log_seq) is not stored again); a 503 when it could not be.</summary>
    private static async Task<IResult?> StoreChunk(UpdateTaskFromWorker update, long assignment, long? logSeq, TaskLogStore logs, string whatHappened)
    {
        try
        {
            await logs.AppendAsync(update.TaskId, assignment, logSeq, update.Log!);
            return null;
        }
        catch (TaskLogUnavailableException e)
        {
            return ProblemResults.Unavailable($"{whatHappened} ({e.InnerException?.Message}); send the same update again",
                "The log could not be stored");
        }
    }

    /// <summary>
    /// A worker token sends worker updates for its own worker id only; a submitter sends none (it is not a worker).
    /// Whether the worker holds the task is the dispatcher's rule (409, so the worker stops).
    /// </summary>
    private static IResult? WorkerUpdateRefusal(System.Security.Claims.ClaimsPrincipal user, long? workerId)
    {
        if (user.IsOperator()) return null;
        if (user.IsWorker())
            return workerId == user.WorkerIdOf()
                ? null
                : ProblemResults.Forbidden(workerId is null
                    ? "a worker token updates only the task it holds, with its own worker_id"
                    : $"this token acts for worker {user.WorkerIdOf()}, not worker {workerId}");
        return workerId is null ? null : ProblemResults.Forbidden("worker updates (worker_id) come from the worker that holds the task");
    }

    private static async Task<IResult> Delete(long id, HttpContext context, ActorGateway actors, TaskLogStore logs, ILogger<TaskLogStore> logger)
    {
        var outcome = await actors.Ask(new DeleteTask(id, context.User.CallerOf()));
        if (outcome.Refusal is not null) return ProblemResults.From(outcome);
        await DeleteLogAsync(logs, logger, id);
        return Results.Accepted();
    }

    /// <summary>Frees a deleted task's log. The task is gone (its log is no longer served: 404) whether this works or not;
    /// if the store cannot be reached only the rows' space is not freed.</summary>
    public static async Task DeleteLogAsync(TaskLogStore logs, ILogger logger, long taskId)
    {
        try
        {
            await logs.DeleteAsync(taskId);
        }
        catch (TaskLogUnavailableException e)
        {
            logger.LogWarning(e, "task {TaskId} was deleted but its log was not", taskId);
        }
    }
}
