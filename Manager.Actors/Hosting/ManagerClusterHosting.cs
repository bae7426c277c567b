using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Manager.Actors.Events;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Actors.Hosting;

public static class ManagerClusterHosting
{
    /// <summary>How often each node re-reads the settings and the tokens from their singletons (besides the published changes).</summary>
    public static readonly TimeSpan SettingsRefresh = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Cluster topology: the same actors as <see cref="ManagerActorsHosting.WithManagerActors"/>, but the dispatcher, the
    /// worker registry, the worker directory and the settings actor run as cluster singletons (one per cluster, on the oldest node) and the
    /// worker proxies as a shard region keyed by worker id. Every node registers singleton proxies and its shard region
    /// under the same <see cref="ActorKeys"/>, so the HTTP layer is the same in both modes and any node serves any route.
    /// Split-brain resolver, failure detector and serialization bindings are in hocon/cluster.hocon.
    /// </summary>
    public static AkkaConfigurationBuilder WithManagerCluster(this AkkaConfigurationBuilder builder, ManagerActorOptions options)
    {
        var cluster = options.Cluster ?? throw new ArgumentException("cluster options are required", nameof(options));
        var singleton = new ClusterSingletonOptions();

        return builder
            .WithRemoting(cluster.Host, cluster.Port)
            .WithClustering(new ClusterOptions { SeedNodes = cluster.Seeds.ToArray() })
            // Singletons first: each registers its proxy, which the shard region's entities and the registry need.
            .WithSingleton<ActorKeys.Dispatcher>(TaskDispatcher.Id,
                (system, _, resolver) => ManagerActorsHosting.Supervised(
                    TaskDispatcher.Props(resolver.GetService<CurrentSettings>(), options.SnapshotEvery,
                        FarmEventPublishing.Cluster<IFarmEvent>(system), FarmEventPublishing.Cluster<FarmIdleness>(system)),
                    TaskDispatcher.Id),
                singleton, createProxyToo: true)
            // The read model of GET /workers: one, beside the registry, so every node's proxies tell the same copy and a
            // listing is one ask wherever it is served (a copy per node fed by pub-sub would need the same refresh on
            // every node and more messages per change). Its registry and shard region are looked up when it needs them.
            .WithSingleton<ActorKeys.WorkerDirectory>(WorkerDirectory.Id,
                (system, registry, resolver) => WorkerDirectory.Props(
                    () => registry.TryGet<ActorKeys.WorkerRegistry>(out var workerRegistry) ? workerRegistry : null,
                    () => registry.TryGet<ActorKeys.Workers>(out var workers) ? workers : null,
                    publish: FarmEventPublishing.Cluster<IFarmEvent>(system), contacts: resolver.GetService<WorkerContacts>()),
                singleton, createProxyToo: true)
            .WithShardRegion<ActorKeys.Workers>("workers",
                (system, registry, resolver) =>
                {
                    var settings = resolver.GetService<CurrentSettings>();
                    var contacts = resolver.GetService<WorkerContacts>();
                    var dispatcher = registry.Get<ActorKeys.Dispatcher>();
                    // The proxies' notices to the directory singleton cross nodes in batches, one sender per node.
                    var directory = system.ActorOf(WorkerNoticeBatcher.Props(registry.Get<ActorKeys.WorkerDirectory>()), "worker-notice-batcher");
                    return entityId => WorkerProxy.Props(long.Parse(entityId), dispatcher, settings, contacts, directory);
                },
                new WorkerMessageExtractor(),
                new ShardOptions
                {
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    HandOffStopMessage = StopWorkerProxy.Instance,
                    // A proxy's silence timer is what notices a dead worker: an idle proxy must not be passivated.
                    ShouldPassivateIdleEntities = false,
                })
            .WithSingleton<ActorKeys.WorkerRegistry>(WorkerRegistry.Id,
                (_, registry, _) => ManagerActorsHosting.Supervised(WorkerRegistry.Props(registry.Get<ActorKeys.Workers>()), WorkerRegistry.Id),
                singleton, createProxyToo: true)
            .WithSingleton<ActorKeys.Settings>(SettingsActor.Id,
                (system, _, resolver) =>
                {
                    var mediator = DistributedPubSub.Get(system).Mediator;
                    return ManagerActorsHosting.Supervised(
                        SettingsActor.Props(resolver.GetService<CurrentSettings>(),
                            published => mediator.Tell(new Publish(SettingsReplica.Topic, published))),
                        SettingsActor.Id);
                },
                singleton, createProxyToo: true)
            .WithSingleton<ActorKeys.Tokens>(TokenStore.Id,
                (system, _, resolver) =>
                {
                    var mediator = DistributedPubSub.Get(system).Mediator;
                    return ManagerActorsHosting.Supervised(
                        TokenStore.Props(resolver.GetService<KnownTokens>(),
                            changed => mediator.Tell(new Publish(TokenReplica.Topic, changed))),
                        TokenStore.Id);
                },
                singleton, createProxyToo: true)
            .WithActors((system, registry, resolver) =>
            {
                system.ActorOf(TokenReplica.Props(resolver.GetService<KnownTokens>(), registry.Get<ActorKeys.Tokens>(),
                    DistributedPubSub.Get(system).Mediator, SettingsRefresh), "token-replica");
                system.ActorOf(SettingsReplica.Props(resolver.GetService<CurrentSettings>(), registry.Get<ActorKeys.Settings>(),
                    DistributedPubSub.Get(system).Mediator, SettingsRefresh), "settings-replica");
                system.ActorOf(FarmEventRelay.Props(DistributedPubSub.Get(system).Mediator, resolver.GetService<IdleFarmView>()), "farm-event-relay");
                system.ActorOf(WorkerContactExchange.Props(resolver.GetService<WorkerContacts>(), DistributedPubSub.Get(system).Mediator,
                    registry.Get<ActorKeys.Workers>()), "worker-contact-exchange");
                system.ActorOf(WorkerWakeUp.Props(registry.Get<ActorKeys.WorkerRegistry>(), registry.Get<ActorKeys.Workers>()),
                    "worker-wake-up");
            });
    }
}
