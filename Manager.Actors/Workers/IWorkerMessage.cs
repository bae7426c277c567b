namespace Manager.Actors.Workers;

/// <summary>A message for one worker's <see cref="WorkerProxy"/>, routed by <see cref="WorkerId"/> (locally or through sharding).</summary>
public interface IWorkerMessage
{
    long WorkerId { get; }
}
