using System.Text.Json;
using Manager.Actors.Common;
using Manager.Actors.Compilers;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Http.Json;
using Manager.Http.Problems;
using Manager.Http.Views;

namespace Manager.Http.Endpoints;

public static class WorkerEndpoints
{
    public static void MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/workers").WithTags("Workers");
        workers.MapGet("", List).WithSummary("All workers, keyed by hostname");
        workers.MapPost("", Register).WithSummary("Register a worker (201); the same hostname again returns the same worker (200)");
        workers.MapGet("/{id:long}", Get).WithSummary("One worker's last reported stats");
        workers.MapPatch("/{id:long}", Report).WithSummary("Poll for work (available), heartbeat (rendering) or the operator switch (enabled/disabled); answers {task_id}");
        workers.MapDelete("/{id:long}/blocklist", ClearBlocklist).WithSummary("Operator: forget the worker's failures so it gets every task type again (204)");
    }

    private static async Task<IResult> List(ActorGateway actors)
    {
        if (await actors.Registry(ListWorkerIds.Instance) is not DoneOutcome { Value: IReadOnlyList<long> ids })
            return ProblemResults.Unavailable("the worker registry did not answer");
        var views = await Task.WhenAll(ids.Select(id => actors.Worker(new GetWorkerView(id))));
        var assignments = await Assignments(actors, ids);
        var entries = views.OfType<DoneOutcome>().Select(d => (WorkerView)d.Value!)
            .Select(v => WorkerListEntry.Of(v, assignments.GetValueOrDefault(v.Record.Id)));
        return Results.Json(entries.ToDictionary(e => e.Hostname));
    }

    private static async Task<IResult> Register(HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var hostname = body.String("hostname", required: true);
        var system = body.String("system", required: true);
        var port = body.Long("port");
        var types = body.StringList("supported_types");
        var tags = body.StringList("tags");
        if (hostname is not null && !Hostnames.IsValid(hostname))
            body.Invalid("hostname", "must be an RFC 1123 host name: labels of 1-63 letters, digits and '-', not starting or ending with '-', joined by '.', at most 253 characters");
        if (system is { Length: 0 or > 256 }) body.Invalid("system", "must be 1 to 256 characters");
        if (port is < 0 or > 65535) body.Invalid("port", "must be from 0 to 65535");
        if (types?.FirstOrDefault(t => !TaskCompilers.TryGet(t, out var _)) is { } unknown)
            body.Invalid("supported_types", $"unknown task type '{unknown}'; known types: {string.Join(", ", TaskCompilers.Types)}");
        if (Bounds.TagsProblem(tags) is { } badTags) body.Invalid("tags", badTags);
        if (body.Problem("cannot register the worker") is { } invalid) return invalid;

        var outcome = await actors.Registry(new RegisterWorker(hostname!, system!, (int?)port, types ?? [], tags ?? [], IpOf(context)));
        if (outcome is not DoneOutcome { Value: RegistrationResult result }) return ProblemResults.From(outcome);
        var assignments = await Assignments(actors, [result.Worker.Record.Id]);
        var entry = WorkerListEntry.Of(result.Worker, assignments.GetValueOrDefault(result.Worker.Record.Id));
        return Results.Json(new Dictionary<string, WorkerListEntry> { [entry.Hostname] = entry },
            statusCode: result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> Get(long id, ActorGateway actors)
    {
        var outcome = await actors.Worker(new GetWorkerDetails(id));
        return outcome is DoneOutcome { Value: WorkerDetails details }
            ? Results.Json(WorkerDetailsView.Of(details))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Report(long id, HttpContext context, ActorGateway actors, BodyLimit limit)
    {
        var (document, problem) = await JsonBody.ReadObjectAsync(context.Request, limit.Bytes);
        if (problem is not null) return problem;
        using var _ = document;
        var body = new FieldReader(document!.RootElement);
        var statusWord = body.String("status");
        var mac = body.Long("mac_address");
        var frequent = body.Object("update_frequent") is { } f ? ReadFrequent(f, body) : null;
        var lessFrequent = body.Object("update_less_frequent") is { } lf ? ReadLessFrequent(lf, body) : null;
        WorkerReportedStatus? status = statusWord switch
        {
            null => null,
            "available" => WorkerReportedStatus.Available,
            "rendering" => WorkerReportedStatus.Rendering,
            "enabled" => WorkerReportedStatus.Enabled,
            "disabled" => WorkerReportedStatus.Disabled,
            _ => Unknown(body, statusWord),
        };
        if (mac is < 0 or > 0xFFFF_FFFF_FFFF) body.Invalid("mac_address", "must be a 48-bit MAC address as a whole number");
        if (body.Problem($"cannot update worker {id}") is { } invalid) return invalid;

        var outcome = await actors.Worker(new ReportWorkerStatus(id, status, mac, frequent, lessFrequent, IpOf(context)));
        return outcome is DoneOutcome { Value: HeldTask held }
            ? Results.Json(new TaskIdAnswer(held.TaskId))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> ClearBlocklist(long id, ActorGateway actors)
    {
        var known = await actors.Worker(new GetWorkerView(id));
        if (known is not DoneOutcome) return ProblemResults.From(known);
        var outcome = await actors.Dispatcher(new ClearWorkerBlocklist(id));
        return outcome is DoneOutcome ? Results.NoContent() : ProblemResults.From(outcome);
    }

    private static async Task<Dictionary<long, WorkerAssignment>> Assignments(ActorGateway actors, IReadOnlyList<long> ids) =>
        await actors.Dispatcher(new GetWorkerAssignments(ids)) is DoneOutcome { Value: IReadOnlyList<WorkerAssignment> list }
            ? list.ToDictionary(a => a.WorkerId)
            : [];

    private static WorkerReportedStatus? Unknown(FieldReader body, string word)
    {
        body.Invalid("status", $"unknown status '{word}'; use available, rendering, enabled or disabled");
        return null;
    }

    private static FrequentStats ReadFrequent(JsonElement element, FieldReader body)
    {
        var stats = new FieldReader(element);
        var load = stats.Object("load_average") is { } l ? ReadLoad(l, body) : null;
        var cpu = stats.Double("worker_cpu_percent");
        Merge(stats, body, "update_frequent");
        return new FrequentStats(load, cpu);
    }

    private static LoadAverage? ReadLoad(JsonElement element, FieldReader body)
    {
        var load = new FieldReader(element);
        var one = load.Double("1min");
        var five = load.Double("5min");
        var fifteen = load.Double("15min");
        Merge(load, body, "update_frequent.load_average");
        return one is null || five is null || fifteen is null ? null : new LoadAverage(one.Value, five.Value, fifteen.Value);
    }

    private static LessFrequentStats ReadLessFrequent(JsonElement element, FieldReader body)
    {
        var stats = new FieldReader(element);
        var result = new LessFrequentStats(
            stats.String("worker_architecture"),
            stats.Double("worker_disk_percent"),
            stats.Double("worker_mem_percent"),
            stats.Int("worker_num_cpus"));
        Merge(stats, body, "update_less_frequent");
        return result;
    }

    /// <summary>Carries a nested object's problems into the request's, under a dotted path.</summary>
    private static void Merge(FieldReader nested, FieldReader body, string path)
    {
        if (nested.Problem(path) is not { } problem) return;
        // A nested field of the wrong JSON type (or overflowing) stays a 400, as at the top level.
        if (problem is IStatusCodeHttpResult { StatusCode: StatusCodes.Status400BadRequest }) body.WrongType(path, ProblemText(problem));
        else body.Invalid(path, ProblemText(problem));
    }

    private static string ProblemText(IResult problem) =>
        problem is IValueHttpResult { Value: Microsoft.AspNetCore.Http.HttpValidationProblemDetails details }
            ? string.Join("; ", details.Errors.Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}"))
            : "is not valid";

    private static string? IpOf(HttpContext context) => context.Connection.RemoteIpAddress?.MapToIPv4().ToString();
}
