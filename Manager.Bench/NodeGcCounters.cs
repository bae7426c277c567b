using System.Globalization;
using System.Text.RegularExpressions;
using Manager.Bench.Scenarios;

namespace Manager.Bench;

/// <summary>
/// One manager's garbage collections and their summed pause time so far (GET /metrics: .NET's own
/// <c>dotnet_gc_collections_total</c> and <c>dotnet_gc_pause_time_seconds_total</c>); two of them describe a window.
/// </summary>
public sealed partial record NodeGcCounters(double Collections, double PauseSeconds)
{
    public static async Task<IReadOnlyList<NodeGcCounters>> ScrapeAsync(FarmRun run) =>
        await Task.WhenAll(run.Managers.Select(async m => Parse(await run.Client.Http.GetStringAsync(new Uri(m.BaseAddress, "metrics")))));

    public static NodeGcCounters Parse(string metrics)
    {
        double collections = 0, pause = 0;
        foreach (Match sample in Sample().Matches(metrics))
        {
            var value = double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (sample.Groups["name"].Value == "dotnet_gc_collections_total") collections += value;
            else pause += value;
        }
        return new NodeGcCounters(collections, pause);
    }

    /// <summary>"N collections, X ms paused (Y % of the window), Z ms each on average".</summary>
    public static string Describe(NodeGcCounters start, NodeGcCounters end, double wallSeconds)
    {
        var collections = end.Collections - start.Collections;
        var pauseMs = 1000 * (end.PauseSeconds - start.PauseSeconds);
        return collections <= 0
            ? "no collection"
            : $"{collections:F0} collections, {Fmt.F(pauseMs, 0)} ms paused ({Fmt.F(pauseMs / 10 / wallSeconds)} % of the window), {Fmt.F(pauseMs / collections)} ms each on average";
    }

    [GeneratedRegex(@"^(?<name>dotnet_gc_collections_total|dotnet_gc_pause_time_seconds_total)(\{[^}]*\})? (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
