using System.Text.Json;
using System.Text.Json.Serialization;

namespace Manager.Worker;

// The parts of the manager's HTTP API (README, docs/security.md, GET /openapi/v1.json) the worker sends and reads.
// Serialized snake_case; null members are left out.

public sealed record RegisterRequest
{
    public required string Hostname { get; init; }
    public required string System { get; init; }
    public IReadOnlyList<string>? SupportedTypes { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>The worker object of <c>POST /workers</c> / <c>GET /workers</c> (only what the worker uses).</summary>
public sealed record WorkerView
{
    public long Id { get; init; }
    public string? Hostname { get; init; }
    public string? Status { get; init; }

    /// <summary>The worker's own credential: only in the answer to an enrollment (201), shown once.</summary>
    public string? Token { get; init; }
}

/// <summary>Body of <c>PATCH /workers/{id}</c>: a status word plus the latest stats.</summary>
public sealed record WorkerUpdate
{
    public required string Status { get; init; }
    public long? MacAddress { get; init; }
    public FrequentStats? UpdateFrequent { get; init; }
    public LessFrequentStats? UpdateLessFrequent { get; init; }
}

public sealed record FrequentStats
{
    public LoadAverage? LoadAverage { get; init; }
    public double? WorkerCpuPercent { get; init; }
}

public sealed record LoadAverage(
    [property: JsonPropertyName("1min")] double OneMinute,
    [property: JsonPropertyName("5min")] double FiveMinutes,
    [property: JsonPropertyName("15min")] double FifteenMinutes);

public sealed record LessFrequentStats
{
    public string? WorkerArchitecture { get; init; }
    public double? WorkerDiskPercent { get; init; }
    public double? WorkerMemPercent { get; init; }
    public int? WorkerNumCpus { get; init; }
}

/// <summary>Answer of <c>PATCH /workers/{id}</c>.</summary>
public sealed record WorkerUpdateReply
{
    public long? TaskId { get; init; }
}

/// <summary><c>GET /tasks/{id}</c> (only what the worker uses).</summary>
public sealed record TaskDetails
{
    public long Id { get; init; }
    public string? Type { get; init; }
    public string? Status { get; init; }
    public long? WorkerId { get; init; }
    public long? FrameStart { get; init; }
    public long? FrameEnd { get; init; }

    /// <summary>The job the task belongs to; null for a task submitted alone (no last-frame picture then).</summary>
    public long? JobId { get; init; }

    /// <summary>The fencing token of the task's current assignment, sent back with every update.</summary>
    public long? Assignment { get; init; }

    public IReadOnlyList<TaskCommand> Commands { get; init; } = [];
}

public sealed record TaskCommand
{
    public string? Name { get; init; }
    public IReadOnlyList<string> Argv { get; init; } = [];
}

/// <summary>Body of <c>PATCH /tasks/{id}</c> from the worker that holds the task.</summary>
public sealed record TaskUpdate
{
    public required long WorkerId { get; init; }

    /// <summary>The assignment the update belongs to (from <c>GET /tasks/{id}</c>): a stale holder's update is refused.</summary>
    public long? Assignment { get; init; }

    public string? Status { get; init; }
    public string? Log { get; init; }

    /// <summary>1, 2, 3 … per chunk of <see cref="Log"/> within one assignment; a re-sent chunk keeps its number.</summary>
    public long? LogSeq { get; init; }

    public double? TimeCost { get; init; }
}

/// <summary><c>GET /settings/{name}</c>.</summary>
public sealed record SettingView
{
    public string? Name { get; init; }
    public JsonElement Value { get; init; }
}

public static class TaskStatuses
{
    public const string Rendering = "rendering";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Queued = "queued";
}

public static class WorkerStatuses
{
    public const string Available = "available";
    public const string Rendering = "rendering";
}
