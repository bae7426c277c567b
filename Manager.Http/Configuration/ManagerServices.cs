using Akka.Configuration;
using Akka.Hosting;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;
using Manager.Http.Auth;
using Manager.Http.Endpoints;
using Manager.Http.Logs;
using Manager.Http.Operations;
using Manager.Http.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Manager.Http.Configuration;

/// <summary>Everything the Manager registers: the actor system, the HTTP plumbing, health, OpenAPI and metrics.</summary>
public static class ManagerServices
{
    public static void AddManager(this WebApplicationBuilder builder, ManagerConfiguration config)
    {
        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton<CurrentSettings>();
        services.AddSingleton<KnownTokens>();
        services.AddSingleton<IdleFarmView>();
        services.AddSingleton(AuthSettings.Read(builder.Configuration, config.Actors));
        services.AddManagerAuthorization();
        services.AddSubmissionRateLimit(builder.Configuration);
        services.AddSingleton<Metrics.FarmMetrics>();
        // The tables beside the journal (task logs, last frames) share one opener: one PostgreSQL pool.
        var database = config.Actors.Provider == PersistenceProvider.Sqlite
            ? Database.JournalDatabase.Sqlite(config.Actors.ConnectionString)
            : Database.JournalDatabase.PostgreSql(config.Actors.ConnectionString);
        services.AddSingleton(provider => new TaskLogStore(TaskLogDatabase.In(database),
            builder.Configuration.GetValue("Manager:MaxTaskLogBytes", TaskLogStore.DefaultMaxBytesPerTask))
        {
            Stored = provider.GetRequiredService<Metrics.FarmMetrics>().LogStored,
        });
        services.AddSingleton(new Frames.LastFrameStore(database,
            builder.Configuration.GetValue("Manager:MaxLastFrameBytes", Frames.LastFrameStore.DefaultMaxBytes)));
        services.TryAddSingleton(TimeProvider.System); // tests put in a clock they move
        services.AddSingleton<Frames.LastFrameGate>();
        services.AddSingleton(BodyLimit.From(builder.Configuration));
        RequestBodyRate.Configure(builder);
        services.AddSingleton<SingletonHost>();
        services.AddSingleton(p => p.GetRequiredService<SingletonHost>().InCluster ? TokenReplicationWait.InCluster : TokenReplicationWait.None);
        services.AddSingleton<WorkerContacts>();
        services.AddSingleton<ActorGateway>();
        services.AddSingleton(provider => new Views.WorkerObjectsJson(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions));
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<Events.FarmEventHub>();
        services.AddProblemDetails();
        services.AddExceptionHandler<Problems.ActorTimeoutHandler>();
        services.AddOpenApi(options => options.AddBearerScheme().AddRequestBodies().AddEventStreams().AddCommonProblems());
        services.AddHealthChecks()
            .AddCheck<ActorsReadyCheck>("actors", tags: ["ready"])
            .AddCheck<TokensReadyCheck>("tokens", tags: ["ready"])
            .AddCheck<TaskLogsReadyCheck>("task logs", tags: ["ready"]);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            // Numbers are numbers: the API does not read "5" as 5, and the OpenAPI schemas say so (not integer-or-string).
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // System.Runtime: .NET's own meter (garbage collections and their pause time, heap, thread pool, CPU).
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", Metrics.FarmMetrics.MeterName)
            .AddPrometheusExporter());

        services.AddAkka("manager", akka =>
        {
            akka.AddHocon(LoadHocon(Path.Combine(AppContext.BaseDirectory, "hocon", "manager.hocon")), HoconAddMode.Prepend);
            if (config.Actors.Cluster is not null)
                akka.AddHocon(LoadHocon(Path.Combine(AppContext.BaseDirectory, "hocon", "cluster.hocon")), HoconAddMode.Prepend);
            if (config.ExtraHoconFile is { } extra) akka.AddHocon(LoadHocon(extra), HoconAddMode.Prepend);
            akka.WithManagerPersistence(config.Actors);
            if (config.Actors.Cluster is null) akka.WithManagerActors(config.Actors);
            else akka.WithManagerCluster(config.Actors);
            akka.WithTaskProgressWrittenOnShutdown();
            akka.WithActors((system, _, resolver) =>
                system.ActorOf(Events.FarmEventListener.Props(resolver.GetService<Events.FarmEventHub>(), resolver.GetService<Metrics.FarmMetrics>()),
                    "farm-event-listener"));
        });
        // After the actor system's own hosted service, so the token store exists when the bootstrap starts asking it.
        services.AddSingleton<TokenBootstrap>();
        services.AddHostedService(provider => provider.GetRequiredService<TokenBootstrap>());
    }

    private static Config LoadHocon(string path) => ConfigurationFactory.ParseString(File.ReadAllText(path));
}
