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
    IReadOnlyList<string> Tags, string? IpAddress) : IWorkerMessage;

/// <summary>PATCH /workers/{id}: a poll, a heartbeat or the operator switch, with optional stats. Answers <c>HeldTask</c>.</summary>
public sealed record ReportWorkerStatus(
    long WorkerId, WorkerReportedStatus? Status, long? MacAddress, FrequentStats? Frequent,
    LessFrequentStats? LessFrequent, string? IpAddress) : IWorkerMessage;

public sealed record GetWorkerView(long WorkerId) : IWorkerMessage;

public sealed record GetWorkerDetails(long WorkerId) : IWorkerMessage;

/// <summary>Starts the proxy after a manager restart so it begins a fresh grace period.</summary>
public sealed record WakeWorker(long WorkerId) : IWorkerMessage;

public sealed record RegistrationResult(WorkerView Worker, bool Created);

/// <summary>Persisted by the worker's proxy.</summary>
public interface IWorkerEvent : IPersisted;

public sealed record WorkerRegistered(WorkerRecord Worker) : IWorkerEvent;

public sealed record WorkerDetailsChanged(string System, int? Port, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, string? IpAddress) : IWorkerEvent;

public sealed record WorkerEnabledChanged(bool Enabled, DateTimeOffset At) : IWorkerEvent;

/// <summary>Messages for the <see cref="WorkerRegistry"/> (host name → id).</summary>
public interface IWorkerRegistryMessage;

public sealed record RegisterWorker(
    string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress) : IWorkerRegistryMessage;

public sealed record ListWorkerIds : IWorkerRegistryMessage
{
    public static readonly ListWorkerIds Instance = new();
}

/// <summary>Persisted by the registry: a host name got its id (ids are never reused).</summary>
public sealed record WorkerIdAllocated(string Hostname, long WorkerId) : IPersisted;
