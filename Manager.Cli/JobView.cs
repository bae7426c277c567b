using System.Text.Json.Nodes;

namespace Manager.Cli;

/// <summary>What the CLI reads of the manager's job view (<c>GET /jobs/{id}</c>, docs/api.md "Job views").</summary>
internal sealed record JobView(
    long Id,
    string Name,
    string Status,
    long FramesDone,
    long FramesTotal,
    long TasksTotal,
    long TasksFailed,
    double Progress,
    double? EtaSeconds,
    string Activity,
    string? VideoOutput)
{
    /// <summary>The statuses a job ends in; watching stops at them.</summary>
    public static readonly IReadOnlySet<string> FinalStatuses = new HashSet<string> { "completed", "failed", "canceled" };

    public bool HasEnded => FinalStatuses.Contains(Status);

    public static JobView From(JsonNode view) => new(
        Id: (long)view["id"]!,
        Name: (string?)view["name"] ?? "",
        Status: (string?)view["status"] ?? "",
        FramesDone: (long?)view["frames_done"] ?? 0,
        FramesTotal: (long?)view["frames_total"] ?? 0,
        TasksTotal: (long?)view["tasks_total"] ?? 0,
        TasksFailed: (long?)view["tasks_by_status"]?["failed"] ?? 0,
        Progress: (double?)view["progress"] ?? 0,
        EtaSeconds: (double?)view["eta_seconds"],
        Activity: (string?)view["activity"] ?? "",
        VideoOutput: (string?)view["settings"]?["video"]?["output"]);
}
