using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using LinqToDB;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Actors.Hosting;

public static class ManagerActorsHosting
{
    /// <summary>The linq2db provider names Akka.Persistence.Sql uses for our two databases.</summary>
    public static string ProviderName(PersistenceProvider provider) => provider switch
    {
        PersistenceProvider.Sqlite => "SQLite.MS",
        PersistenceProvider.PostgreSql => "PostgreSQL.15",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public static AkkaConfigurationBuilder WithManagerPersistence(this AkkaConfigurationBuilder builder, ManagerActorOptions options)
    {
        if (options.Provider != PersistenceProvider.Sqlite)
            return builder.WithSqlPersistence(options.ConnectionString, ProviderName(options.Provider), autoInitialize: true);

        SqliteFile.UseWriteAheadLog(options.ConnectionString);
        var snapshots = options.SnapshotStore;
        if (snapshots == options.ConnectionString)
            return builder.WithSqlPersistence(SqliteJournalOptions(options.ConnectionString), autoInitialize: true);
        SqliteFile.UseWriteAheadLog(snapshots);
        return builder
            .WithSqlPersistence(SqliteJournalOptions(options.ConnectionString), PersistenceMode.Journal, autoInitialize: true)
            .WithSqlPersistence(SqliteDataOptions(snapshots), PersistenceMode.SnapshotStore, autoInitialize: true);
    }

    internal static DataOptions SqliteJournalOptions(string connectionString) =>
        SqliteDataOptions(connectionString).UseInterceptor(new SqliteJournalIndex());

    private static DataOptions SqliteDataOptions(string connectionString) => new DataOptions()
        .UseConnectionString(ProviderName(PersistenceProvider.Sqlite), connectionString)
        .UseInterceptor(new SqliteBusyTimeout(milliseconds: 30_000));

    /// <summary>
    /// Single-node topology: the dispatcher, settings, registry, worker directory and token store as plain top-level actors (each restarted
    /// with backoff if its journal fails), and the worker proxies under a local parent that routes with the
    /// same extractor a shard region uses.
    /// </summary>
    public static AkkaConfigurationBuilder WithManagerActors(this AkkaConfigurationBuilder builder, ManagerActorOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var settings = resolver.GetService<CurrentSettings>();
            var contacts = resolver.GetService<WorkerContacts>();
            var settingsActor = system.ActorOf(Supervised(SettingsActor.Props(settings), SettingsActor.Id), SettingsActor.Id);
            var dispatcher = system.ActorOf(
                Supervised(TaskDispatcher.Props(settings, options.SnapshotEvery, tellIdleness: resolver.GetService<IdleFarmView>().Note),
                    TaskDispatcher.Id), TaskDispatcher.Id);
            IActorRef? workers = null, workerRegistry = null; // the directory asks them once they exist
            var directory = system.ActorOf(WorkerDirectory.Props(() => workerRegistry, () => workers, contacts: contacts), WorkerDirectory.Id);
            workers = system.ActorOf(
                WorkerProxyParent.Props(new WorkerMessageExtractor(),
                    entityId => WorkerProxy.Props(long.Parse(entityId), dispatcher, settings, contacts, directory)),
                "workers");
            workerRegistry = system.ActorOf(Supervised(WorkerRegistry.Props(workers), WorkerRegistry.Id), WorkerRegistry.Id);
            var tokens = system.ActorOf(Supervised(TokenStore.Props(resolver.GetService<KnownTokens>()), TokenStore.Id), TokenStore.Id);

            registry.Register<ActorKeys.Settings>(settingsActor);
            registry.Register<ActorKeys.Dispatcher>(dispatcher);
            registry.Register<ActorKeys.Workers>(workers);
            registry.Register<ActorKeys.WorkerRegistry>(workerRegistry);
            registry.Register<ActorKeys.WorkerDirectory>(directory);
            registry.Register<ActorKeys.Tokens>(tokens);
        });

    /// <summary>A persistent actor stops when its journal fails; this restarts it (and so recovers it) with backoff.</summary>
    public static Props Supervised(Props child, string name) =>
        BackoffSupervisor.Props(Backoff.OnStop(child, name, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2,
            maxNrOfRetries: -1)); // keep trying: the manager is useless without these actors
}
