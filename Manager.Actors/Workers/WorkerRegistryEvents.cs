using Manager.Actors.Serialization;

namespace Manager.Actors.Workers;

/// <summary>Persisted by the <see cref="WorkerRegistry"/>.</summary>
public interface IWorkerRegistryEvent : IPersisted;

/// <summary>A host name got its id (ids are never reused).</summary>
public sealed record WorkerIdAllocated(string Hostname, long WorkerId, string? By = null) : IWorkerRegistryEvent;

/// <summary>The worker was removed and its host name is free again.</summary>
public sealed record HostnameReleased(string Hostname, long WorkerId, string By, DateTimeOffset At) : IWorkerRegistryEvent;
