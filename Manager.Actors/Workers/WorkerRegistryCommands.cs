using Manager.Actors.Common;

namespace Manager.Actors.Workers;

/// <summary>POST /workers: the registry finds or allocates the host name's id and passes the registration on to that
/// worker's proxy (<see cref="ApplyRegistration"/>), which answers the asker.</summary>
/// <param name="By">Who registers (recorded with the registration).</param>
public sealed record RegisterWorker(
    string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerRegistryMessage, IAsk<RegistrationResult>;

/// <summary>
/// The id of a host name, allocated (and persisted) when it has none yet, without registering the worker: enrollment
/// gives the id its credential before anything of the worker is stored.
/// </summary>
public sealed record ReserveWorkerId(string Hostname, string? By = null) : IWorkerRegistryMessage, IAsk<long>;

/// <summary>Frees the host name of a removed worker: registering it again gives a new id. Refused NotFound for an unknown id.</summary>
public sealed record ReleaseHostname(long WorkerId, string By) : IWorkerRegistryMessage, IAsk<Done>;
