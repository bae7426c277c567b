using Manager.Actors.Serialization;

namespace Manager.Actors.Tasks;

/// <summary>
/// The dispatcher's snapshot: the immutable state itself. Taking it costs the dispatcher nothing (no copy, no
/// sort); the snapshot store serializes it on its own thread with <see cref="DispatcherStateFormat"/>, which
/// is several times smaller and faster than the JSON <see cref="DispatcherSnapshot"/> it replaces.
/// </summary>
public sealed record DispatcherStateSnapshot(DispatcherState State) : IPersisted;
