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

    /// <summary>
    /// Equal when every member is, the lists item by item (a record compares lists by reference, and a record that
    /// crossed nodes has lists of its own: the worker directory took every proxy's notice from another node for news).
    /// </summary>
    public bool Equals(WorkerRecord? other) =>
        other is not null && Id == other.Id && Hostname == other.Hostname && System == other.System && Port == other.Port
        && SupportedTypes.SequenceEqual(other.SupportedTypes) && Tags.SequenceEqual(other.Tags) && IpAddress == other.IpAddress
        && Enabled == other.Enabled && RegisteredAt.Equals(other.RegisteredAt);

    public override int GetHashCode() => HashCode.Combine(Id, Hostname, Enabled);
}
