using Manager.Actors.Tokens;
using Microsoft.AspNetCore.Authorization;

namespace Manager.Http.Auth;

/// <summary>
/// One authorization policy per kind of caller (docs/api.md, "Credentials and who may call what"), declared on each endpoint. An operator satisfies
/// every policy: it may do anything a submitter or a worker may, acting for them.
/// </summary>
public static class Policies
{
    /// <summary>Tokens, settings changes, audit, worker switches and removal, exec_command, metrics.</summary>
    public const string Operator = "operator";

    /// <summary>Submit tasks; change, cancel, requeue and delete its own (ownership is the dispatcher's rule).</summary>
    public const string Submitter = "submitter";

    /// <summary>Read tasks, logs and workers.</summary>
    public const string Reader = "reader";

    /// <summary>GET/PATCH /tasks/{id}: submitters and operators, and a worker for the task it holds (checked per task).</summary>
    public const string TaskAccess = "task-access";

    /// <summary>Read settings: a worker reads <c>blender_path</c> too.</summary>
    public const string SettingsReader = "settings-reader";

    /// <summary>POST /workers: an enrollment token for a new host name, a worker token to re-register itself.</summary>
    public const string Registration = "registration";

    /// <summary>PATCH /workers/{id}: the worker whose id is in the route (and operators).</summary>
    public const string OwnWorker = "own-worker";

    /// <summary>Any valid token, whatever its role (GET /whoami).</summary>
    public const string AnyCaller = "any-caller";

    private static readonly string OperatorRole = TokenRole.Operator.ToWire();
    private static readonly string SubmitterRole = TokenRole.Submitter.ToWire();
    private static readonly string WorkerRole = TokenRole.Worker.ToWire();
    private static readonly string EnrollmentRole = TokenRole.Enrollment.ToWire();

    public static IServiceCollection AddManagerAuthorization(this IServiceCollection services)
    {
        // Resolved from the container per request (a compiled factory) rather than built by reflection each time.
        services.AddTransient<BearerTokenHandler>();
        services.AddSingleton<AuthenticatedPrincipals>();
        services.AddAuthentication(options => options.AddScheme<BearerTokenHandler>(BearerTokenHandler.Scheme, BearerTokenHandler.Scheme));
        services.AddAuthentication(BearerTokenHandler.Scheme);
        services.AddSingleton<IAuthorizationHandler, OwnWorkerHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Operator, p => p.RequireRole(OperatorRole))
            .AddPolicy(Submitter, p => p.RequireRole(OperatorRole, SubmitterRole))
            .AddPolicy(Reader, p => p.RequireRole(OperatorRole, SubmitterRole))
            .AddPolicy(TaskAccess, p => p.RequireRole(OperatorRole, SubmitterRole, WorkerRole))
            .AddPolicy(SettingsReader, p => p.RequireRole(OperatorRole, SubmitterRole, WorkerRole))
            .AddPolicy(Registration, p => p.RequireRole(OperatorRole, EnrollmentRole, WorkerRole))
            .AddPolicy(OwnWorker, p => p.AddRequirements(new OwnWorkerRequirement()))
            .AddPolicy(AnyCaller, p => p.RequireAuthenticatedUser())
            // A route that forgot to declare a policy still needs a valid token (a test also fails on such a route).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
