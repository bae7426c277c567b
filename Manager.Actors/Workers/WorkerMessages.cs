using Manager.Actors.Serialization;

namespace Manager.Actors.Workers;

/// <summary>A message for one worker's <see cref="WorkerProxy"/>, routed by <see cref="WorkerId"/> (locally or through sharding).</summary>
public interface IWorkerMessage
{
    long WorkerId { get; }
}

/// <summary>The status word a worker (or an operator) sends with PATCH /workers/{id}.</summary>
public enum WorkerReportedStatus
{
    Available,
    Rendering,
    Enabled,
    Disabled,
}

/// <summary>Sent by the registry after it allocated (or found) the id for a host name.</summary>
public sealed record ApplyRegistration(
    long WorkerId, string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerMessage;

/// <summary>PATCH /workers/{id}: a poll, a heartbeat or the operator switch, with optional stats. Answers <c>HeldTask</c>.</summary>
/// <param name="By">Who sent it (recorded with the operator switch).</param>
public sealed record ReportWorkerStatus(
    long WorkerId, WorkerReportedStatus? Status, long? MacAddress, FrequentStats? Frequent,
    LessFrequentStats? LessFrequent, string? IpAddress, string? By = null) : IWorkerMessage;

public sealed record GetWorkerView(long WorkerId) : IWorkerMessage;

public sealed record GetWorkerDetails(long WorkerId) : IWorkerMessage;

/// <summary>Starts the proxy after a manager restart so it begins a fresh grace period.</summary>
public sealed record WakeWorker(long WorkerId) : IWorkerMessage;

/// <summary>DELETE /workers/{id}: the proxy forgets the worker (its registration and switch); answers Done, or NotFound.</summary>
public sealed record DeregisterWorker(long WorkerId, string By) : IWorkerMessage;

public sealed record RegistrationResult(WorkerView Worker, bool Created);

/// <summary>Persisted by the worker's proxy.</summary>
public interface IWorkerEvent : IPersisted;

/// <param name="By">Who registered it (the enrollment token's name, or an operator's).</param>
public sealed record WorkerRegistered(WorkerRecord Worker, string? By = null) : IWorkerEvent;

public sealed record WorkerDetailsChanged(
    string System, int? Port, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerEvent;

public sealed record WorkerEnabledChanged(bool Enabled, DateTimeOffset At, string? By = null) : IWorkerEvent;

/// <summary>An operator removed the worker: its proxy holds nothing any more (its id is never reused).</summary>
public sealed record WorkerDeregistered(string By, DateTimeOffset At) : IWorkerEvent;

/// <summary>Messages for the <see cref="WorkerRegistry"/> (host name → id).</summary>
public interface IWorkerRegistryMessage;

/// <param name="By">Who registers (recorded with the registration).</param>
public sealed record RegisterWorker(
    string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerRegistryMessage;

public sealed record ListWorkerIds : IWorkerRegistryMessage
{
    public static readonly ListWorkerIds Instance = new();
}

/// <summary>The id registered for a host name: answers Done(long?) (null when it is not registered).</summary>
public sealed record FindWorker(string Hostname) : IWorkerRegistryMessage;

/// <summary>
/// The id of a host name, allocated (and persisted) when it has none yet, without registering the worker: enrollment
/// gives the id its credential before anything of the worker is stored. Answers Done(long).
/// </summary>
public sealed record ReserveWorkerId(string Hostname, string? By = null) : IWorkerRegistryMessage;

/// <summary>Frees the host name of a removed worker: registering it again gives a new id. Answers Done, or NotFound.</summary>
public sealed record ReleaseHostname(long WorkerId, string By) : IWorkerRegistryMessage;

/// <summary>Persisted by the registry: a host name got its id (ids are never reused).</summary>
public sealed record WorkerIdAllocated(string Hostname, long WorkerId, string? By = null) : IPersisted;

/// <summary>Persisted by the registry: the worker was removed and its host name is free again.</summary>
public sealed record HostnameReleased(string Hostname, long WorkerId, string By, DateTimeOffset At) : IPersisted;
