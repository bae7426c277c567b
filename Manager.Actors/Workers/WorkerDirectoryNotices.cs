namespace Manager.Actors.Workers;

/// <summary>
/// Told by a worker's proxy to the <see cref="WorkerDirectory"/> whenever what GET /workers shows of the worker
/// changed: registration, details, the switch, online/offline, the address; <c>last_seen</c> only coarsely
/// (<see cref="WorkerProxy.LastSeenResolution"/>). It carries the whole view, so a later one replaces an earlier one.
/// </summary>
/// <param name="MayWait">Nothing GET /workers must show at once: only <c>last_seen</c> moved (polls themselves reach the
/// directory through the node's <see cref="WorkerContacts"/>), or the answer to the directory's <see cref="ShowWorker"/>. A cluster node's
/// <see cref="WorkerNoticeBatcher"/> lets it wait for others.</param>
public sealed record WorkerShown(WorkerView View, bool MayWait = false) : IWorkerDirectoryMessage;

/// <summary>Told by a worker's proxy when it holds no worker (removed, or never registered).</summary>
public sealed record WorkerGone(long WorkerId) : IWorkerDirectoryMessage;

/// <summary>Many proxies' <see cref="WorkerShown"/> at once, from a node's <see cref="WorkerNoticeBatcher"/>: each view as if told alone.</summary>
public sealed record WorkersShown(IReadOnlyList<WorkerView> Views) : IWorkerDirectoryMessage;
