using System.ComponentModel;

namespace Manager.Http.OpenApi;

/// <summary>
/// GET /settings (all of them) and POST /settings (any of them) as the OpenAPI document describes them; the endpoints
/// go by SettingsRules, and OpenApiDocumentTests checks that these are its names.
/// </summary>
[Description("The manager's settings; POST /settings sends any of them")]
public sealed record SettingsValues(
    [property: Description("1 ... 86400: silence after which a worker is offline and its task requeued")] int? WorkerTimeoutSeconds = null,
    [property: Description("1 ... 100: attempts before a task fails")] int? TaskMaxAttempts = null,
    [property: Description("1 ... 100: failures of a task type after which a worker no longer gets it")] int? BlocklistThreshold = null,
    int? DefaultPriority = null,
    [property: Description("The blender executable per platform: Linux, Darwin, Windows")] IReadOnlyDictionary<string, string>? BlenderPath = null,
    [property: Description("0 ... 100: the share of failed tasks that fails a job (0: the first failure)")] int? JobFailPercent = null);

[Description("GET and PATCH /settings/{name}")]
public sealed record SettingValue(string Name, System.Text.Json.JsonElement Value);
