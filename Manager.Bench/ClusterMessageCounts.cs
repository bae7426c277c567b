using System.Globalization;
using System.Text.RegularExpressions;
using Manager.Bench.Scenarios;

namespace Manager.Bench;

/// <summary>
/// The messages the managers of a cluster serialized for one another (GET /metrics' <c>manager_cluster_messages_sent_total</c>
/// and its bytes, by message type), summed over the nodes at one moment; two of them give the messages per life cycle.
/// </summary>
public sealed partial class ClusterMessageCounts
{
    private readonly Dictionary<string, (double Messages, double Bytes)> _byType;

    private ClusterMessageCounts(Dictionary<string, (double, double)> byType) => _byType = byType;

    public static async Task<ClusterMessageCounts> ScrapeAsync(FarmRun run)
    {
        var byType = new Dictionary<string, (double Messages, double Bytes)>();
        foreach (var manager in run.Managers)
        {
            var text = await run.Client.Http.GetStringAsync(new Uri(manager.BaseAddress, "metrics"));
            foreach (Match sample in Sample().Matches(text))
            {
                var type = sample.Groups["type"].Value;
                var value = double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
                var (messages, bytes) = byType.GetValueOrDefault(type);
                byType[type] = sample.Groups["bytes"].Success ? (messages, bytes + value) : (messages + value, bytes);
            }
        }
        return new ClusterMessageCounts(byType);
    }

    /// <summary>"N messages (B bytes) between the nodes per life cycle; by type: …", the most frequent first.</summary>
    public static string PerLifeCycle(ClusterMessageCounts start, ClusterMessageCounts end, long cycles)
    {
        if (cycles <= 0) return "no life cycle counted";
        var deltas = end._byType
            .Select(e => (Type: e.Key, Messages: e.Value.Messages - start._byType.GetValueOrDefault(e.Key).Messages,
                Bytes: e.Value.Bytes - start._byType.GetValueOrDefault(e.Key).Bytes))
            .Where(d => d.Messages > 0)
            .OrderByDescending(d => d.Messages)
            .ToList();
        var types = string.Join(", ", deltas.Take(12).Select(d => $"{d.Type} {Fmt.F(d.Messages / cycles, 2)} ({Fmt.F(d.Bytes / d.Messages, 0)} B)"));
        return $"{Fmt.F(deltas.Sum(d => d.Messages) / cycles, 2)} messages ({Fmt.F(deltas.Sum(d => d.Bytes) / cycles, 0)} bytes) between the nodes " +
               $"per life cycle; by type (per life cycle, mean size): {types}";
    }

    [GeneratedRegex(@"^manager_cluster_messages_sent(?<bytes>_size_bytes)?_total\{[^}]*type=""(?<type>[^""]*)""[^}]*\} (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
