using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Actors.Workers;

/// <summary>Sent by the registry after it allocated (or found) the id for a host name.</summary>
public sealed record ApplyRegistration(
    long WorkerId, string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerMessage, IAsk<RegistrationResult>;

/// <summary>
/// PATCH /workers/{id}: a poll, a heartbeat or the operator switch, with optional stats. The proxy passes it on to the
/// dispatcher as a <see cref="ClaimTask"/> or <see cref="GetHeldTask"/>, which answers the asker.
/// </summary>
/// <remarks>Repeatable: a worker repeating "available" gets its held task back in the queue and a fresh assignment (the
/// answer it receives is the one that counts); the other statuses read the held task or set the switch to the same value.</remarks>
/// <param name="By">Who sent it (recorded with the operator switch).</param>
public sealed record ReportWorkerStatus(
    long WorkerId, WorkerReportedStatus? Status, long? MacAddress, FrequentStats? Frequent,
    LessFrequentStats? LessFrequent, string? IpAddress, string? By = null) : IWorkerMessage, IAsk<HeldTask>, IRepeatable;

/// <summary>
/// Told by the HTTP layer, without waiting, for every request made with the worker's token (task updates, log chunks,
/// reads, re-registration, polls): contact, before the request waits for any other actor, so a worker whose requests
/// wait for an unavailable dispatcher is not taken for silent.
/// </summary>
public sealed record WorkerHeard(long WorkerId, string? IpAddress) : IWorkerMessage;

/// <summary>Starts the proxy after a manager restart so it begins a fresh grace period.</summary>
public sealed record WakeWorker(long WorkerId) : IWorkerMessage;

/// <summary>DELETE /workers/{id}: the proxy forgets the worker (its registration and switch); refused NotFound when it knows none.</summary>
public sealed record DeregisterWorker(long WorkerId, string By) : IWorkerMessage, IAsk<Done>;

/// <summary>
/// The hand-off stop message of the worker shard region: sent to a <see cref="WorkerProxy"/> when its shard moves to
/// another node (rebalance, graceful leave). Unlike PoisonPill it waits behind a write in progress, so an answer
/// that was promised after a persist is still sent before the proxy stops.
/// </summary>
public sealed record StopWorkerProxy
{
    public static readonly StopWorkerProxy Instance = new();
}

/// <summary>
/// From the <see cref="WorkerDirectory"/> (at its start and every refresh): the proxy tells it the worker's view again
/// (<see cref="WorkerShown"/>), or <see cref="WorkerGone"/> when it holds no worker.
/// </summary>
public sealed record ShowWorker(long WorkerId) : IWorkerMessage;
