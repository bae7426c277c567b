namespace Manager.Actors.Tasks;

/// <summary>
/// What a worker can run, as the dispatcher knows it. Its one owner is the worker's proxy: it persists them (in its
/// <c>WorkerRecord</c>), builds this from that record whenever the record changes, and sends it to the dispatcher with every
/// claim and on its own when it starts and when the registration or the switch changes. The dispatcher keeps the last
/// one it was sent per worker, in memory (so a restarted dispatcher relearns them from the next claims), never changes
/// them, and reads them to tell when no eligible worker is left for a task.
/// </summary>
/// <param name="SupportedTypes">Task types the worker runs; empty means all.</param>
/// <param name="Enabled">False for a disabled worker: it gets no work and only hands back what it held.</param>
/// <param name="Version">The sequence number of the proxy's journal when they were built: grows with every change, so
/// the dispatcher keeps the newest whatever order copies arrive in, and the acknowledgement (<see cref="CapabilitiesNoted"/>)
/// names which one it noted. Sent on its own, the proxy re-sends them until acknowledged.</param>
public sealed record WorkerCapabilities(long WorkerId, string Hostname, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, bool Enabled,
    long Version = 0) : ITaskDispatcherMessage, Common.IAsk<CapabilitiesNoted>;
