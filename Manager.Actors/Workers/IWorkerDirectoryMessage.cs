namespace Manager.Actors.Workers;

/// <summary>A message for the <see cref="WorkerDirectory"/> (the read model GET /workers answers from).</summary>
public interface IWorkerDirectoryMessage;
