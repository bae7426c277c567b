namespace Manager.Actors.Workers;

/// <summary>
/// Told by a worker's proxy to the <see cref="WorkerDirectory"/> whenever what GET /workers shows of the worker
/// changed: registration, details, the switch, online/offline, the address; <c>last_seen</c> only coarsely
/// (<see cref="WorkerProxy.LastSeenResolution"/>). It carries the whole view, so a later one replaces an earlier one.
/// </summary>
public sealed record WorkerShown(WorkerView View) : IWorkerDirectoryMessage;

/// <summary>Told by a worker's proxy when it holds no worker (removed, or never registered).</summary>
public sealed record WorkerGone(long WorkerId) : IWorkerDirectoryMessage;
