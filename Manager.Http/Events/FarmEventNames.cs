namespace Manager.Http.Events;

/// <summary>The <c>event:</c> names of GET /events (docs/api.md, "Live events").</summary>
public static class FarmEventNames
{
    /// <summary>Tasks and jobs changed or removed, and the farm's counts after them (<see cref="ChangesPayload"/>).</summary>
    public const string Changes = "changes";

    /// <summary>Workers changed or removed (<see cref="WorkersPayload"/>).</summary>
    public const string Workers = "workers";

    /// <summary>What the client holds cannot be brought up to date by events: it reloads its lists (<see cref="ResyncPayload"/>).</summary>
    public const string Resync = "resync";
}
