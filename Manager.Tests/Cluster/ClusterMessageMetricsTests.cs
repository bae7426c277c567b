using System.Globalization;
using System.Text.RegularExpressions;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Cluster;

/// <summary>GET /metrics counts the messages a node serialized for another node, by type, with their bytes.</summary>
public sealed partial class ClusterMessageMetricsTests
{
    [PostgresFact]
    public async Task A_submission_through_the_node_without_the_dispatcher_is_counted_with_its_bytes()
    {
        await using var cluster = await TwoNodeCluster.StartAsync();
        var before = await cluster.A.Client.GetStringAsync("/metrics");

        await cluster.B.Client.SubmitId(); // node a, the oldest, runs the dispatcher: the command crosses from b

        // Both nodes run in this process (one meter); the exporter may answer from its copy of the last scrape for a moment.
        var after = "";
        await Wait.Until(async () =>
        {
            after = await cluster.A.Client.GetStringAsync("/metrics");
            return Value(after, "manager_cluster_messages_sent_total", "SubmitTask") >= Value(before, "manager_cluster_messages_sent_total", "SubmitTask") + 1;
        }, TimeSpan.FromSeconds(10), "GET /metrics counts the submission that crossed from node b to the dispatcher");
        Assert.True(Value(after, "manager_cluster_messages_sent_size_bytes_total", "SubmitTask")
                    > Value(before, "manager_cluster_messages_sent_size_bytes_total", "SubmitTask"), after);
        Assert.True(Value(after, "manager_cluster_messages_sent_total", "Outcome<SubmitResult>") >= 1, after); // the answer back
    }

    private static double Value(string text, string name, string type) =>
        Sample().Matches(text)
            .Where(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains($"type=\"{type}\""))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
