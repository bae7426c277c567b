using System.Globalization;
using System.Text.RegularExpressions;
using Manager.Bench.Scenarios;

namespace Manager.Bench;

/// <summary>
/// One manager's garbage collections by generation, their summed pause time and the bytes it allocated so far
/// (GET /metrics: .NET's own <c>dotnet_gc_collections_total{gc_heap_generation}</c>,
/// <c>dotnet_gc_pause_time_seconds_total</c>, <c>dotnet_gc_heap_total_allocated_bytes_total</c>); two of them describe a window.
/// </summary>
public sealed partial record NodeGcCounters(double Gen0, double Gen1, double Gen2, double PauseSeconds, double AllocatedBytes)
{
    public double Collections => Gen0 + Gen1 + Gen2;

    public static async Task<IReadOnlyList<NodeGcCounters>> ScrapeAsync(FarmRun run) =>
        await Task.WhenAll(run.Managers.Select(async m => Parse(await run.Client.Http.GetStringAsync(new Uri(m.BaseAddress, "metrics")))));

    public static NodeGcCounters Parse(string metrics)
    {
        double gen0 = 0, gen1 = 0, gen2 = 0, pause = 0, allocated = 0;
        foreach (Match sample in Sample().Matches(metrics))
        {
            var value = double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            switch (sample.Groups["name"].Value, sample.Groups["generation"].Value)
            {
                case ("dotnet_gc_collections_total", "gen0"): gen0 += value; break;
                case ("dotnet_gc_collections_total", "gen1"): gen1 += value; break;
                case ("dotnet_gc_collections_total", _): gen2 += value; break;
                case ("dotnet_gc_pause_time_seconds_total", _): pause += value; break;
                default: allocated += value; break;
            }
        }
        return new NodeGcCounters(gen0, gen1, gen2, pause, allocated);
    }

    /// <summary>"N collections (gen0 a, gen1 b, gen2 c), X ms paused (Y % of the window), Z ms each on average; W MB allocated".</summary>
    public static string Describe(NodeGcCounters start, NodeGcCounters end, double wallSeconds)
    {
        var collections = end.Collections - start.Collections;
        var pauseMs = 1000 * (end.PauseSeconds - start.PauseSeconds);
        var allocatedMb = (end.AllocatedBytes - start.AllocatedBytes) / 1024 / 1024;
        return collections <= 0
            ? $"no collection; {Fmt.F(allocatedMb, 0)} MB allocated"
            : $"{collections:F0} collections (gen0 {end.Gen0 - start.Gen0:F0}, gen1 {end.Gen1 - start.Gen1:F0}, gen2 {end.Gen2 - start.Gen2:F0}), "
              + $"{Fmt.F(pauseMs, 0)} ms paused ({Fmt.F(pauseMs / 10 / wallSeconds)} % of the window), {Fmt.F(pauseMs / collections)} ms each on average; "
              + $"{Fmt.F(allocatedMb, 0)} MB allocated ({Fmt.F(allocatedMb / wallSeconds)} MB/s)";
    }

    [GeneratedRegex(@"^(?<name>dotnet_gc_collections_total|dotnet_gc_pause_time_seconds_total|dotnet_gc_heap_total_allocated_bytes_total)(\{[^}]*gc_heap_generation=""(?<generation>[^""]*)""[^}]*\}|\{[^}]*\})? (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
