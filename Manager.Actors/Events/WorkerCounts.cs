using Manager.Actors.Workers;

namespace Manager.Actors.Events;

/// <summary>How many registered workers are online or offline, and enabled or disabled (each worker in one of the four).</summary>
public sealed record WorkerCounts(int OnlineEnabled, int OnlineDisabled, int OfflineEnabled, int OfflineDisabled)
{
    public static readonly WorkerCounts None = new(0, 0, 0, 0);

    /// <summary>These counts with <paramref name="view"/>'s worker added (<paramref name="by"/> 1) or taken away (−1).</summary>
    public WorkerCounts Add(WorkerView view, int by) => (view.Online, view.Record.Enabled) switch
    {
        (true, true) => this with { OnlineEnabled = OnlineEnabled + by },
        (true, false) => this with { OnlineDisabled = OnlineDisabled + by },
        (false, true) => this with { OfflineEnabled = OfflineEnabled + by },
        (false, false) => this with { OfflineDisabled = OfflineDisabled + by },
    };
}
