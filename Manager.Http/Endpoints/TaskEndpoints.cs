using Manager.Actors.Common;
using Manager.Actors.Tasks;
using Manager.Http.Json;
using Manager.Http.Logs;
using Manager.Http.Problems;
using Manager.Http.Views;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Http.Endpoints;

public static class TaskEndpoints
{
    public static void MapTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("", Submit).WithSummary("Submit a task: the compiler named by type turns its settings into commands (202)");
        tasks.MapGet("", List).WithSummary("Tasks in ascending id order; filters status, worker_id; paging with after and limit");
        tasks.MapGet("/{id:long}", Get).WithSummary("One task with its compiled commands, attempts and log tail");
        tasks.MapGet("/{id:long}/log", Log).WithSummary("The task's full log as text/plain");
        tasks.MapPatch("/{id:long}", Update).WithSummary("Operator: priority, status (cancel/pause/requeue). Holder (with worker_id): status, frame_current, log, activity, time_cost");
        tasks.MapDelete("/{id:long}", Delete).WithSummary("Cancel and remove a task (202); its id is never reused");
    }

    private static async Task<IResult> Submit(HttpRequest request, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(request, limit.Bytes);
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

        var outcome = await actors.Dispatcher(new SubmitTask(taskId, type!, parser, settings!, priority, tags ?? []));
        return outcome is DoneOutcome { Value: SubmitResult result }
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
        var workerId = QueryLong(query, "worker_id", long.MinValue, long.MaxValue, errors);
        var after = QueryLong(query, "after", 0, long.MaxValue, errors) ?? 0;
        var limit = QueryLong(query, "limit", 1, 1000, errors) ?? 100;
        if (errors.Count > 0) return ProblemResults.BadRequest("invalid filter or page value", errors);

        var outcome = await actors.Dispatcher(new ListTasks(status, workerId, after, (int)limit));
        return outcome is DoneOutcome { Value: IReadOnlyList<TaskRecord> page }
            ? Results.Json(page.Select(TaskListItem.Of))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Get(long id, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Dispatcher(new GetTask(id));
        return outcome is DoneOutcome { Value: TaskRecord task }
            ? Results.Json(TaskDetails.Of(task, logs.Tail(id)))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Log(long id, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Dispatcher(new GetTask(id));
        if (outcome is not DoneOutcome) return ProblemResults.From(outcome);
        return Results.Stream(await logs.OpenReadAsync(id) ?? Stream.Null, "text/plain; charset=utf-8");
    }

    private static async Task<IResult> Update(long id, HttpRequest request, ActorGateway actors, TaskLogStore logs, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var workerId = body.Long("worker_id");
        var assignment = body.Long("assignment");
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
        if (workerId is null)
        {
            foreach (var (field, present) in new[] { ("frame_current", frameCurrent is not null), ("log", log is not null),
                         ("activity", activity is not null), ("time_cost", timeCost is not null), ("assignment", assignment is not null) })
                if (present) body.Invalid(field, $"{field} is sent by the worker that holds the task, together with its worker_id");
            // Any other known status word is a transition an operator may not ask for: 409 from the dispatcher (api.md).
            if (status is null && priority is null && statusWord is null)
                body.Invalid("body", "nothing to change: send priority and/or status");
        }
        else if (priority is not null)
        {
            body.Invalid("priority", "priority is changed by an operator, not by the worker");
        }
        if (body.Problem($"cannot update task {id}") is { } invalid) return invalid;

        object command = workerId is { } w
            ? new UpdateTaskFromWorker(id, w, assignment, status, frameCurrent, log, activity, timeCost)
            : new UpdateTaskFromOperator(id, status, priority);
        var outcome = await actors.Dispatcher(command);
        if (outcome is not DoneOutcome) return ProblemResults.From(outcome);
        if (workerId is not null && log is { Length: > 0 }) await logs.AppendAsync(id, assignment ?? 0, null, log);
        return Results.NoContent();
    }

    private static async Task<IResult> Delete(long id, ActorGateway actors, TaskLogStore logs)
    {
        var outcome = await actors.Dispatcher(new DeleteTask(id));
        if (outcome is not DoneOutcome) return ProblemResults.From(outcome);
        logs.Delete(id);
        return Results.Accepted();
    }

    private static long? QueryLong(IQueryCollection query, string name, long min, long max, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return null;
        if (long.TryParse(raw.ToString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        errors[name] = [$"must be a whole number from {min} to {max}"];
        return null;
    }
}
