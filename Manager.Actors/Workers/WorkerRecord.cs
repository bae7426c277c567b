using Manager.Actors.Tasks;

namespace Manager.Actors.Workers;

/// <summary>What is persisted about a worker: its registration and the operator's enabled/disabled switch.</summary>
/// <param name="SupportedTypes">Task types it runs; empty means all.</param>
public sealed record WorkerRecord(
    long Id,
    string Hostname,
    string System,
    int? Port,
    IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags,
    string? IpAddress,
    bool Enabled,
    DateTimeOffset RegisteredAt)
{
    /// <summary>What the dispatcher is told this worker can run (the proxy, which owns the record, sends it).</summary>
    public WorkerCapabilities Capabilities() => new(Id, Hostname, SupportedTypes, Tags, Enabled);
}
