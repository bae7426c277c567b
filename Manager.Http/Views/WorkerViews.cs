using System.Text.Json.Serialization;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;

namespace Manager.Http.Views;

public sealed record LoadAverageView(
    [property: JsonPropertyName("1min")] double OneMinute,
    [property: JsonPropertyName("5min")] double FiveMinutes,
    [property: JsonPropertyName("15min")] double FifteenMinutes);

public sealed record FrequentView(LoadAverageView? LoadAverage, double? WorkerCpuPercent);

public sealed record LessFrequentView(string? WorkerArchitecture, double? WorkerDiskPercent, double? WorkerMemPercent, int? WorkerNumCpus);

/// <summary>GET /workers/{id}: the last stats the worker reported (null before its first report).</summary>
public sealed record WorkerDetailsView(string Hostname, long? MacAddress, string System, FrequentView? UpdateFrequent, LessFrequentView? UpdateLessFrequent)
{
    public static WorkerDetailsView Of(WorkerDetails d) => new(
        d.Record.Hostname,
        d.MacAddress,
        d.Record.System,
        d.Frequent is { } f
            ? new FrequentView(f.LoadAverage is { } l ? new LoadAverageView(l.OneMinute, l.FiveMinutes, l.FifteenMinutes) : null, f.WorkerCpuPercent)
            : null,
        d.LessFrequent is { } lf
            ? new LessFrequentView(lf.WorkerArchitecture, lf.WorkerDiskPercent, lf.WorkerMemPercent, lf.WorkerNumCpus)
            : null);
}

public sealed record TaskIdAnswer(long? TaskId);
