using Manager.Actors.Common;

namespace Manager.Actors.Workers;

/// <summary>The ids of all registered workers, in id order.</summary>
public sealed record ListWorkerIds : IWorkerRegistryMessage, IAsk<IReadOnlyList<long>>
{
    public static readonly ListWorkerIds Instance = new();
}

/// <summary>The id registered for a host name (null when it is not registered).</summary>
public sealed record FindWorker(string Hostname) : IWorkerRegistryMessage, IAsk<long?>;
