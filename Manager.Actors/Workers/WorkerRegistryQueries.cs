namespace Manager.Actors.Workers;

public sealed record ListWorkerIds : IWorkerRegistryMessage
{
    public static readonly ListWorkerIds Instance = new();
}

/// <summary>The id registered for a host name: answers Done(long?) (null when it is not registered).</summary>
public sealed record FindWorker(string Hostname) : IWorkerRegistryMessage;
