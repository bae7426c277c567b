namespace Manager.Actors.Events;

/// <summary>
/// What the dispatcher and the worker directory publish for the live event stream (GET /events): batches of changed
/// tasks, jobs and workers, each carrying the changed things whole, so a later batch replaces what an earlier one said.
/// On a single node they go on the actor system's EventStream; in a cluster on a pub-sub topic that every node's
/// <see cref="FarmEventRelay"/> puts on its own EventStream (<see cref="FarmEventPublishing"/>).
/// </summary>
public interface IFarmEvent;
