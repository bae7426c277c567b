using System.Text.Json;

namespace Manager.Bench;

/// <summary>
/// The environment <c>dotnet run --project Manager.Http</c> gives the manager (Manager.Http/Properties/launchSettings.json):
/// the bench starts the built dll directly, and gives it the same, so it measures the manager as the README starts it.
/// </summary>
public static class ManagerLaunchProfile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(string repoRoot)
    {
        var file = Path.Combine(repoRoot, "Manager.Http", "Properties", "launchSettings.json");
        if (!File.Exists(file)) return [];
        using var settings = JsonDocument.Parse(File.ReadAllText(file));
        return settings.RootElement.GetProperty("profiles").GetProperty("Manager.Http").TryGetProperty("environmentVariables", out var variables)
            ? variables.EnumerateObject().Select(v => new KeyValuePair<string, string>(v.Name, v.Value.GetString()!)).ToList()
            : [];
    }
}
