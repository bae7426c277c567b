namespace Manager.Actors.Tasks;

/// <summary>
/// The snapshot store offered the dispatcher something that is not a <see cref="DispatcherStateSnapshot"/>. Recovery
/// stops with this (Akka logs it as an error and stops the actor; its supervisor retries with backoff) rather than
/// start from an empty queue and answer as if the farm had no tasks.
/// </summary>
public sealed class UnknownSnapshotException(long sequenceNr, object? snapshot) : Exception(
    $"the dispatcher's snapshot at sequence {sequenceNr} is a {snapshot?.GetType().FullName ?? "null"}, not a {nameof(DispatcherStateSnapshot)}: " +
    "recovery stops rather than start without the tasks it holds");
