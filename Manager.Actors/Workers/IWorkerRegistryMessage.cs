namespace Manager.Actors.Workers;

/// <summary>A message for the <see cref="WorkerRegistry"/> (host name → id).</summary>
public interface IWorkerRegistryMessage;
