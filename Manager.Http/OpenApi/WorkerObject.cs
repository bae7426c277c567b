using System.ComponentModel;

namespace Manager.Http.OpenApi;

/// <summary>
/// The worker object of GET /workers and POST /workers as the OpenAPI document describes it. The answers are written
/// by WorkerObjectsJson (fast, without this type); OpenApiDocumentTests checks that both name the same fields.
/// </summary>
[Description("A worker, as GET /workers lists it under its host name")]
public sealed record WorkerObject(
    [property: Description("What the worker is doing, as it or its task reports it")] string Activity,
    [property: Description("The task it holds, or null")] long? CurrentTask,
    [property: Description("Task types this worker may no longer run (it failed too many of them)")] IReadOnlyList<string> BlocklistedTypes,
    [property: Description("online or offline")] string Connection,
    string Hostname,
    long Id,
    string? IpAddress,
    string? Log,
    int? Port,
    [property: Description("enabled or disabled (the operator's switch)")] string Status,
    string System,
    double? TimeCost,
    IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags,
    DateTimeOffset? LastSeen,
    [property: Description("Only in the answer that enrolled the worker: its own credential, shown once")] string? Token = null);
