namespace Manager.Actors.Events;

/// <summary>
/// Put on a cluster node's EventStream by its <see cref="FarmEventRelay"/> just before the first batch of one kind
/// (<paramref name="Kind"/>: changes or workers) it received. The node's subscription to the topic spreads by gossip,
/// so batches published before it reached the publisher's node were never sent here: what this node's clients hold
/// may miss them, and they must load their lists again.
/// </summary>
public sealed record RelayReachedBy(string Kind) : IFarmEvent;
