using System.ComponentModel;
using System.Text.Json;
using Manager.Http.Views;

namespace Manager.Http.OpenApi;

// The JSON request bodies as the OpenAPI document describes them (docs/api.md has the rules of each field). The
// endpoints read bodies field by field for precise 400/422 answers; these types only document the shapes, and
// OpenApiDocumentTests checks them against what the endpoints accept.

[Description("POST /tasks")]
public sealed record TaskSubmission(
    [property: Description("A task type the manager compiles: blender_render, ffmpeg, exec_command (operator only)")] string Type,
    [property: Description("The task type's settings as a JSON text, e.g. \"{\\\"filepath\\\": \\\"/shots/a.blend\\\", \\\"frames\\\": ...}\"")] string Settings,
    long? Priority = null,
    [property: Description("Makes the submission idempotent: the same id and body again answers the same task")] long? TaskId = null,
    [property: Description("The log parser: blender (default for blender_render) or none")] string? Parser = null,
    IReadOnlyList<string>? Tags = null);

[Description("PATCH /tasks/{id}: a submitter or operator sends status and/or priority; the holding worker sends worker_id, assignment and its progress")]
public sealed record TaskUpdate(
    [property: Description("queued, paused, canceled (submitter/operator); rendering, completed, failed (holder)")] string? Status = null,
    long? Priority = null,
    long? WorkerId = null,
    [property: Description("The fencing token of GET /tasks/{id}; a worker's update with an older one is 409")] long? Assignment = null,
    long? FrameCurrent = null,
    [property: Description("Output lines to append to the task's log")] string? Log = null,
    [property: Description("1, 2, 3 ... numbering the log chunks of one assignment; a repeat is stored once")] long? LogSeq = null,
    string? Activity = null,
    double? TimeCost = null);

[Description("The video step of a blender_render job")]
public sealed record JobVideo([property: Description("1 ... 240")] int Fps, [property: Description("The .mp4 file to write")] string Output);

[Description("The settings of a blender_render job")]
public sealed record BlenderRenderJobSettings(
    string Filepath,
    [property: Description("A frame list such as 1-240 or 1-10,20,30-40")] string Frames,
    [property: Description("1 ... 1000, default 1")] int? ChunkSize = null,
    [property: Description("sequential (default) or preview_first")] string? FrameOrder = null,
    [property: Description("2 ... 10000, default 10")] int? PreviewStep = null,
    string? Format = null,
    [property: Description("The output path with a # pattern for the frame number")] string? Output = null,
    string? Engine = null,
    IReadOnlyList<string>? ExtraArgs = null,
    JobVideo? Video = null);

[Description("POST /jobs")]
public sealed record JobSubmission(
    [property: Description("At most 256 characters")] string Name,
    [property: Description("blender_render")] string Type,
    BlenderRenderJobSettings Settings,
    long? Priority = null,
    [property: Description("Jobs that must complete before this one's tasks run")] IReadOnlyList<long>? DependsOn = null,
    IReadOnlyList<string>? Tags = null,
    [property: Description("Makes the submission idempotent")] long? JobId = null);

[Description("PATCH /jobs/{id}")]
public sealed record JobUpdate(
    [property: Description("canceled, paused, or queued (resume; requeue the failed and canceled tasks)")] string? Status = null,
    long? Priority = null);

[Description("POST /workers")]
public sealed record WorkerRegistrationBody(
    [property: Description("An RFC 1123 host name")] string Hostname,
    string System,
    [property: Description("0 ... 65535")] int? Port = null,
    [property: Description("Task types this worker runs; omitted or []: all")] IReadOnlyList<string>? SupportedTypes = null,
    IReadOnlyList<string>? Tags = null);

[Description("PATCH /workers/{id}: a worker's poll and heartbeat (available, rendering) or an operator's switch (enabled, disabled)")]
public sealed record WorkerReport(
    [property: Description("available, rendering, enabled or disabled")] string? Status = null,
    [property: Description("A 48-bit MAC address as a whole number")] long? MacAddress = null,
    FrequentView? UpdateFrequent = null,
    LessFrequentView? UpdateLessFrequent = null);

[Description("POST /tokens")]
public sealed record TokenCreation(string Name, [property: Description("submitter, operator or enrollment")] string Role);

[Description("PATCH /settings/{name}")]
public sealed record SettingChange([property: Description("The setting's new value; its type depends on the setting")] JsonElement Value);
