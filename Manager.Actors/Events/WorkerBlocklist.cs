namespace Manager.Actors.Events;

/// <summary>The task types a worker gets no more of (its <c>blocklisted_types</c>), as they are now.</summary>
public sealed record WorkerBlocklist(long WorkerId, IReadOnlyList<string> BlocklistedTypes);
