using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Manager.Actors.Metrics;

/// <summary>
/// The manager's messages that crossed to another node (docs/api.md, "Metrics"): counted where they are serialized
/// (<see cref="Hosting.ClusterMessageSerializer"/>), by message type, with their bytes. In a cluster every such message costs
/// remoting on both nodes; the figure per task life cycle is what `Manager.Bench cluster` reports.
/// </summary>
public static class ClusterMessages
{
    private static readonly Meter Meter = new(JournalWrites.MeterName);

    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("manager.cluster.messages.sent",
        "{message}", "Manager messages serialized for another node, by type");

    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("manager.cluster.messages.sent.size",
        "By", "Bytes of the manager messages serialized for another node, by type");

    private static readonly ConcurrentDictionary<Type, KeyValuePair<string, object?>> Tags = new();

    public static void Serialized(Type type, int bytes)
    {
        var tag = Tags.GetOrAdd(type, t => new KeyValuePair<string, object?>("type", NameOf(t)));
        Sent.Add(1, tag);
        Bytes.Add(bytes, tag);
    }

    /// <summary>A type's short name: <c>Outcome&lt;HeldTask&gt;</c> for a generic one.</summary>
    public static string NameOf(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(NameOf))}>"
        : type.Name;
}
