using Manager.Actors.Events;

namespace Manager.Http.Events;

/// <summary>The data of a <c>resync</c> event: why, and the farm's counts now (null when the dispatcher did not answer).</summary>
public sealed record ResyncPayload(string Reason, FarmCounts? Counts);
