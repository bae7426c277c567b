using System.Text.Json;
using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Compilers;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;
using Manager.Http.Auth;
using Manager.Http.Json;
using Manager.Http.Problems;
using Manager.Http.Views;
using Manager.Rules;
using Manager.Http.OpenApi;

namespace Manager.Http.Endpoints;

public static class WorkerEndpoints
{
    public static void MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/workers").WithTags("Workers");
        workers.MapGet("", List).RequireAuthorization(Policies.Reader).WithSummary("All workers, keyed by hostname")
            .Produces<IReadOnlyDictionary<string, WorkerObject>>();
        workers.MapPost("", Register).RequireAuthorization(Policies.Registration)
            .WithSummary("Enrollment token: register a new host name (201, with the worker's own token). Worker token: re-register itself (200)")
            .Takes<WorkerRegistrationBody>().Produces<IReadOnlyDictionary<string, WorkerObject>>(StatusCodes.Status201Created)
            .Produces<IReadOnlyDictionary<string, WorkerObject>>().Refuses(400, 409, 413, 422);
        workers.MapGet("/{id:long}", Get).RequireAuthorization(Policies.Reader).WithSummary("One worker's last reported stats")
            .Produces<WorkerDetailsView>().Refuses(404);
        workers.MapPatch("/{id:long}", Report).RequireAuthorization(Policies.OwnWorker)
            .WithSummary("The worker itself: poll for work (available), heartbeat (rendering), stats. Operator: also the switch (enabled/disabled); answers {task_id}")
            .Takes<WorkerReport>().Produces<TaskIdAnswer>().Refuses(400, 404, 413, 422);
        workers.MapDelete("/{id:long}", Remove).RequireAuthorization(Policies.Operator)
            .WithSummary("Operator: forget the worker (204): its task is requeued, its token revoked, its host name free again")
            .Produces(StatusCodes.Status204NoContent).Refuses(404);
        workers.MapDelete("/{id:long}/blocklist", ClearBlocklist).RequireAuthorization(Policies.Operator)
            .WithSummary("Operator: forget the worker's failures so it gets every task type again (204)")
            .Produces(StatusCodes.Status204NoContent).Refuses(404);
    }

    /// <summary>
    /// Read from the directory (the workers' read model, <see cref="WorkerDirectory"/>) a page of 2,000 at a time, each page
    /// with the dispatcher's part (current task, its activity, the blocklist; it answers after its writes): two asks
    /// per 2,000 workers, not one per worker. Everything is read before the first byte is written, so a failed ask is a 503.
    /// </summary>
    private static async Task<IResult> List(ActorGateway actors)
    {
        var views = new List<WorkerView>();
        var assignments = new Dictionary<long, WorkerAssignment>();
        var query = ListWorkerViews.First;
        while (true)
        {
            if (!(await actors.Ask(query)).IsDone(out var page))
                return ProblemResults.Unavailable("the worker directory did not answer");
            if (page.Count == 0) break;
            views.AddRange(page);
            foreach (var assignment in await Assignments(actors, page.Select(v => v.Record.Id).ToList()))
                assignments[assignment.WorkerId] = assignment;
            if (page.Count < query.Limit) break;
            query = query.Next(page);
        }
        return new WorkerObjectsResult(views, assignments);
    }

    private static async Task<IResult> Register(HttpContext context, ActorGateway actors, KnownTokens tokens, AuthSettings auth, BodyLimit limit)
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

        if (!(await actors.Ask(new FindWorker(hostname!))).IsDone(out var found))
            return ProblemResults.Unavailable("the worker registry did not answer");
        var by = context.User.CallerOf().By;
        if (RegistrationRefusal(context.User, hostname!, found, tokens.Table) is { } refused) return refused;

        // A worker without a credential gets one (its agent keeps it): enrollment, or an operator registering for it.
        // The credential is issued for the host name's id before anything of the worker is stored, so of two agents
        // enrolling one host name at once exactly one gets it and the other is refused having changed nothing.
        string? secret = null;
        long? issuedTokenId = null;
        if (auth.Enabled && !context.User.IsWorker() && (found is not long known || tokens.Table.OfWorker(known) is null))
        {
            if (!(await actors.Ask(new ReserveWorkerId(hostname!, by))).IsDone(out var reserved))
                return ProblemResults.Unavailable("the worker registry did not answer");
            secret = TokenSecrets.NewSecret();
            var issued = await actors.Ask(new IssueToken($"worker {hostname}", TokenRole.Worker, TokenSecrets.Hash(secret), reserved, by));
            // Another request enrolled this host name first: an enrollment loses (409); an operator acting for the
            // worker registers it all the same, without a credential of its own to hand out.
            if (issued.Refusal is Refusal.Conflict && context.User.IsOperator()) secret = null;
            else if (issued.Refusal is Refusal.Conflict) return HostnameTaken(hostname!, reserved);
            else if (!issued.IsDone(out var token)) return ProblemResults.From(issued);
            else issuedTokenId = token.Id;
        }

        // When the registration fails (refused or not answered), the credential issued above never reaches the agent:
        // it is revoked, or the agent's retry would find the host name holding a credential and be refused (409) for
        // good. If the revocation fails too, an operator frees the host name (DELETE /workers/{id}).
        Outcome<RegistrationResult> outcome;
        try
        {
            outcome = await actors.Ask(new RegisterWorker(hostname!, system!, (int?)port, types ?? [], tags ?? [], IpOf(context), by));
        }
        catch (AskTimeoutException) when (issuedTokenId is { } unanswered)
        {
            await actors.Ask(new RevokeToken(unanswered, by));
            throw;
        }
        if (!outcome.IsDone(out var result))
        {
            if (issuedTokenId is { } unused) await actors.Ask(new RevokeToken(unused, by));
            return ProblemResults.From(outcome);
        }
        var id = result.Worker.Record.Id;

        var assignments = (await Assignments(actors, [id])).ToDictionary(a => a.WorkerId);
        return new WorkerObjectsResult([result.Worker], assignments,
            result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK, token: secret);
    }

    /// <summary>
    /// Who may register this host name (docs/api.md, "Credentials and who may call what"): its own worker token (re-registration), an enrollment token while
    /// the host name has no credential, an operator always (acting for the worker). Anyone else changes nothing.
    /// </summary>
    private static IResult? RegistrationRefusal(System.Security.Claims.ClaimsPrincipal user, string hostname, long? registeredId, TokenTable tokens)
    {
        if (user.IsOperator()) return null;
        if (user.IsWorker())
        {
            if (registeredId == user.WorkerIdOf()) return null;
            return registeredId is null
                ? ProblemResults.Forbidden($"a worker token re-registers only its own worker ({user.CallerOf().By}); a new host name enrolls with an enrollment token")
                : HostnameTaken(hostname, registeredId.Value);
        }
        return registeredId is { } id && tokens.OfWorker(id) is not null ? HostnameTaken(hostname, id) : null;
    }

    private static IResult HostnameTaken(string hostname, long id) =>
        ProblemResults.Conflict($"host name {hostname} is registered to worker {id}, which has its own credential; an operator frees it with DELETE /workers/{id}");

    private static async Task<IResult> Get(long id, ActorGateway actors)
    {
        var outcome = await actors.Ask(new GetWorkerDetails(id));
        return outcome.IsDone(out var details)
            ? Results.Json(WorkerDetailsView.Of(details))
            : ProblemResults.From(outcome);
    }

    private static async Task<IResult> Report(long id, HttpContext context, ActorGateway actors, BodyLimit limit, Metrics.FarmMetrics metrics,
        IdleFarmView idleFarm)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
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
        // Only the operator switch is recorded with who made it: polls and heartbeats (the hot path) build no caller.
        var isSwitch = status is WorkerReportedStatus.Enabled or WorkerReportedStatus.Disabled;
        if (isSwitch && !context.User.IsOperator())
            return ProblemResults.Forbidden("enabling and disabling a worker is an operator's switch");

        var by = isSwitch ? context.User.CallerOf().By : null;
        var barePoll = status is WorkerReportedStatus.Available or WorkerReportedStatus.Rendering
                       && mac is null && frequent is null && lessFrequent is null;
        if (barePoll && IdlePoll.AnsweredByNode(status == WorkerReportedStatus.Available, context.User.IsWorker(), idleFarm.IsIdle))
        {
            metrics.Claimed(gotTask: false, System.Diagnostics.Stopwatch.GetElapsedTime(arrived), answeredByNode: true);
            return Results.Json(new TaskIdAnswer(null));
        }
        var outcome = barePoll
            ? await Poll(id, status == WorkerReportedStatus.Available, context, actors)
            : await actors.Ask(new ReportWorkerStatus(id, status, mac, frequent, lessFrequent, IpOf(context), by));
        if (!outcome.IsDone(out var held)) return ProblemResults.From(outcome);
        if (status == WorkerReportedStatus.Available)
            metrics.Claimed(held.TaskId is not null, System.Diagnostics.Stopwatch.GetElapsedTime(arrived), answeredByNode: false);
        return Results.Json(new TaskIdAnswer(held.TaskId));
    }

    /// <summary>
    /// A bare poll or heartbeat goes straight to the dispatcher (<see cref="PollFromWorker"/>), and its proxy is told of the
    /// contact; through the proxy only when the dispatcher does not know the worker (it answers then, or 404).
    /// </summary>
    private static async Task<Outcome<HeldTask>> Poll(long id, bool available, HttpContext context, ActorGateway actors)
    {
        var ipAddress = IpOf(context);
        // A worker token's request was contact already (WorkerContact); an operator's (or any with authentication off) was not.
        if (!context.User.IsWorker()) actors.Heard(id, ipAddress);
        var served = await actors.Ask(new PollFromWorker(id, available));
        return served.Refusal is Refusal.NotFound
            ? await actors.Ask(new ReportWorkerStatus(id, available ? WorkerReportedStatus.Available : WorkerReportedStatus.Rendering,
                null, null, null, ipAddress))
            : served;
    }

    private static async Task<IResult> ClearBlocklist(long id, HttpContext context, ActorGateway actors)
    {
        var known = await actors.Ask(new GetWorkerView(id));
        if (known.Refusal is not null) return ProblemResults.From(known);
        return ProblemResults.NoContentOr(await actors.Ask(new ClearWorkerBlocklist(id, context.User.CallerOf())));
    }

    /// <summary>
    /// Revokes the worker's token first (it can act no more), requeues its task, frees its host name, then forgets the
    /// worker. Each step is idempotent, so a request that failed half-way (503) is completed by sending it again.
    /// </summary>
    private static async Task<IResult> Remove(long id, HttpContext context, ActorGateway actors)
    {
        var by = context.User.CallerOf().By;
        // The proxy forgets the worker last, so a worker it no longer knows was removed completely (or never existed).
        if (!(await actors.Ask(new GetWorkerView(id))).IsDone(out var worker))
            return ProblemResults.NotFound($"no worker {id}");
        foreach (var step in new Func<Task<Outcome<Done>>>[]
                 {
                     () => actors.Ask(new RevokeWorkerTokens(id, by)),
                     () => actors.Ask(new DropWorker(id, $"requeued: worker {worker.Record.Hostname} was removed by {by}", by)),
                     () => actors.Ask(new ReleaseHostname(id, by)),
                     () => actors.Ask(new DeregisterWorker(id, by)),
                 })
        {
            var outcome = await step();
            if (outcome.Refusal is not (null or Refusal.NotFound)) return ProblemResults.From(outcome);
        }
        return Results.NoContent();
    }

    /// <summary>The dispatcher's part of these workers (only those holding a task or blocklisted); none if it did not answer.</summary>
    private static async Task<IReadOnlyList<WorkerAssignment>> Assignments(ActorGateway actors, IReadOnlyList<long> ids) =>
        (await actors.Ask(new GetWorkerAssignments(ids))).IsDone(out var list) ? list : [];

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

    internal static string? IpOf(HttpContext context) => context.Connection.RemoteIpAddress?.MapToIPv4().ToString();
}
