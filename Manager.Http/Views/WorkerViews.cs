using System.Text.Json.Serialization;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;

namespace Manager.Http.Views;

/// <summary>
/// A worker as GET /workers and POST /workers show it (Part A fields first, then Part B's). <see cref="Token"/>: the
/// worker's own credential, only in the answer to the registration that created it.
/// </summary>
public sealed record WorkerListEntry(
    string? Activity, string Connection, long? CurrentTask, string Hostname, long Id, string? IpAddress, string? Log,
    int? Port, string Status, string System, double? TimeCost,
    IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, IReadOnlyList<string> BlocklistedTypes, DateTimeOffset? LastSeen,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token = null)
{
    public static WorkerListEntry Of(WorkerView w, WorkerAssignment? assignment) => new(
        Activity: assignment?.TaskActivity ?? w.Activity,
        Connection: w.Online ? "online" : "offline",
        CurrentTask: assignment?.CurrentTask,
        Hostname: w.Record.Hostname,
        Id: w.Record.Id,
        IpAddress: w.Record.IpAddress,
        Log: null,
        Port: w.Record.Port,
        Status: w.Record.Enabled ? "enabled" : "disabled",
        System: w.Record.System,
        TimeCost: null,
        SupportedTypes: w.Record.SupportedTypes,
        Tags: w.Record.Tags,
        BlocklistedTypes: assignment?.BlockedTypes ?? [],
        LastSeen: w.LastSeen);
}

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
