namespace Manager.Actors.Workers;

/// <param name="By">Who registers (recorded with the registration).</param>
public sealed record RegisterWorker(
    string Hostname, string System, int? Port, IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerRegistryMessage;

/// <summary>
/// The id of a host name, allocated (and persisted) when it has none yet, without registering the worker: enrollment
/// gives the id its credential before anything of the worker is stored. Answers Done(long).
/// </summary>
public sealed record ReserveWorkerId(string Hostname, string? By = null) : IWorkerRegistryMessage;

/// <summary>Frees the host name of a removed worker: registering it again gives a new id. Answers Done, or NotFound.</summary>
public sealed record ReleaseHostname(long WorkerId, string By) : IWorkerRegistryMessage;
