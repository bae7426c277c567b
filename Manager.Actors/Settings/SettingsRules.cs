using System.Text.Json;
using System.Text.Json.Nodes;
using Manager.Actors.Common;

namespace Manager.Actors.Settings;

/// <summary>The known settings: their names, how a JSON value is validated, and how each reads as JSON.</summary>
public static class SettingsRules
{
    private static readonly string[] BlenderPlatforms = ["Linux", "Darwin", "Windows"];

    public static readonly IReadOnlyList<string> Names =
        ["worker_timeout_seconds", "task_max_attempts", "blocklist_threshold", "default_priority", "blender_path", "job_fail_percent"];

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>The error that makes <paramref name="value"/> invalid for <paramref name="name"/>, or null when it is valid.</summary>
    public static string? Validate(string name, JsonElement value) => name switch
    {
        "worker_timeout_seconds" => IntInRange(value, 1, 86_400),
        "task_max_attempts" => IntInRange(value, 1, 100),
        "blocklist_threshold" => IntInRange(value, 1, 100),
        "default_priority" => IntInRange(value, int.MinValue, int.MaxValue),
        "blender_path" => ValidateBlenderPath(value),
        "job_fail_percent" => IntInRange(value, Jobs.JobStatusRules.MinFailPercent, Jobs.JobStatusRules.MaxFailPercent),
        _ => $"unknown setting '{name}'; known settings: {string.Join(", ", Names)}",
    };

    /// <summary>Applies an already validated value.</summary>
    public static ManagerSettings With(ManagerSettings settings, string name, JsonElement value) => name switch
    {
        "worker_timeout_seconds" => settings with { WorkerTimeoutSeconds = value.GetInt32() },
        "task_max_attempts" => settings with { TaskMaxAttempts = value.GetInt32() },
        "blocklist_threshold" => settings with { BlocklistThreshold = value.GetInt32() },
        "default_priority" => settings with { DefaultPriority = value.GetInt32() },
        "blender_path" => settings with
        {
            BlenderPath = value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
        },
        "job_fail_percent" => settings with { JobFailPercent = value.GetInt32() },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown setting"),
    };

    public static JsonNode ValueOf(ManagerSettings settings, string name) => name switch
    {
        "worker_timeout_seconds" => JsonValue.Create(settings.WorkerTimeoutSeconds),
        "task_max_attempts" => JsonValue.Create(settings.TaskMaxAttempts),
        "blocklist_threshold" => JsonValue.Create(settings.BlocklistThreshold),
        "default_priority" => JsonValue.Create(settings.DefaultPriority),
        "blender_path" => new JsonObject(settings.BlenderPath.Select(kv =>
            KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        "job_fail_percent" => JsonValue.Create(settings.JobFailPercent),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown setting"),
    };

    public static JsonObject AllValues(ManagerSettings settings) =>
        new(Names.Select(name => KeyValuePair.Create(name, (JsonNode?)ValueOf(settings, name))));

    private static string? IntInRange(JsonElement value, long min, long max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min && n <= max
            ? null
            : $"must be a whole number from {min} to {max}";

    private static string? ValidateBlenderPath(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return "must be an object keyed by platform (Linux, Darwin, Windows) with program paths as values";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var platform in value.EnumerateObject())
        {
            if (!BlenderPlatforms.Contains(platform.Name))
                return $"unknown platform '{platform.Name}'; use Linux, Darwin or Windows";
            if (!seen.Add(platform.Name))
                return $"the platform {platform.Name} is given more than once";
            if (platform.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(platform.Value.GetString()))
                return $"the path for {platform.Name} must be a non-empty string";
            if (platform.Value.GetString()!.Length > Bounds.MaxProgramPathLength)
                return $"the path for {platform.Name} must be at most {Bounds.MaxProgramPathLength} characters";
            if (platform.Value.GetString()!.Contains('\0'))
                return $"the path for {platform.Name} must not contain NUL characters";
        }
        return null;
    }
}
