using System.Text.Json;

namespace Manager.Worker;

/// <summary>A command ready to run: the program after substitution, and its arguments.</summary>
public sealed record PlannedCommand(string Name, string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as a person would type it (for the log).</summary>
    public string Display => string.Join(' ', new[] { Program }.Concat(Arguments).Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+#%@".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}

/// <summary>The commands of a task, or why the worker refuses to run them.</summary>
public sealed record CommandPlan(IReadOnlyList<PlannedCommand> Commands, string? Error)
{
    public static CommandPlan Refused(string error) => new([], error);
}

/// <summary>
/// Turns a task's <c>commands</c> into programs to start: argv[0] <c>blender</c> becomes the
/// configured Blender, and only programs the worker allows may run — judged on the program really
/// started, after that substitution. Pure.
/// </summary>
public static class CommandPlanner
{
    public const string Blender = "blender";

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static bool UsesBlender(IEnumerable<TaskCommand> commands) =>
        commands.Any(c => c.Argv is { Count: > 0 } && c.Argv[0] == Blender);

    /// <summary>
    /// The program to run for <c>blender</c>: the worker's own option, else the manager's
    /// <c>blender_path</c> entry for this OS (an object keyed <c>Linux</c>/<c>Darwin</c>/<c>Windows</c>),
    /// else <c>blender</c> found on PATH.
    /// </summary>
    public static BlenderProgram ResolveBlender(string? option, JsonElement? setting, string osName)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return new BlenderProgram(option, BlenderSource.Option);
        if (setting is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(osName, out var path)
            && path.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(path.GetString()))
            return new BlenderProgram(path.GetString()!, BlenderSource.ManagerSetting);
        return BlenderProgram.FromSearchPath;
    }

    /// <summary>
    /// Whether the allow-list permits a program: an entry with a directory separator
    /// (<c>/bin/sh</c>) matches that full path exactly; an entry without one (<c>blender</c>) matches
    /// the program's file name, wherever it lives (<c>/opt/blender-3.4/blender</c>).
    /// </summary>
    public static bool IsAllowed(string program, IEnumerable<string> allow)
    {
        var fileName = Path.GetFileName(program);
        return allow.Any(entry => HasDirectory(entry)
            ? string.Equals(entry, program, PathComparison)
            : string.Equals(entry, fileName, PathComparison) || IsWindowsExecutableOf(entry, fileName));
    }

    private static bool HasDirectory(string entry) =>
        entry.Contains('/') || entry.Contains(Path.DirectorySeparatorChar) || entry.Contains(Path.AltDirectorySeparatorChar);

    /// <summary>On Windows the entry <c>blender</c> also matches <c>blender.exe</c>.</summary>
    private static bool IsWindowsExecutableOf(string entry, string fileName) =>
        OperatingSystem.IsWindows()
        && fileName.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
        && string.Equals(entry, Path.GetFileNameWithoutExtension(fileName), PathComparison);

    public static CommandPlan Plan(IReadOnlyList<TaskCommand> commands, BlenderProgram blender, IReadOnlyCollection<string> allow)
    {
        if (commands.Count == 0)
            return CommandPlan.Refused("the task has no commands to run");

        var planned = new List<PlannedCommand>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var name = string.IsNullOrWhiteSpace(command.Name) ? $"command {i + 1}" : command.Name;
            if (command.Argv is not { Count: > 0 } || string.IsNullOrWhiteSpace(command.Argv[0]))
                return CommandPlan.Refused($"{name} has no program to run (empty argv)");

            var substituted = command.Argv[0] == Blender;
            var program = substituted ? blender.Path : command.Argv[0];
            var trusted = substituted && blender.Source == BlenderSource.Option;
            if (!trusted && !IsAllowed(program, allow))
                return CommandPlan.Refused(
                    $"{name}: program '{program}'{(substituted ? $" (for '{Blender}', from {blender.Describe()})" : "")} " +
                    $"is not allowed on this worker (allowed: {string.Join(", ", allow)}); start the worker with --allow {program} to permit it" +
                    (substituted ? ", or choose its Blender with --blender PATH" : ""));

            planned.Add(new PlannedCommand(name, program, command.Argv.Skip(1).ToList()));
        }
        return new CommandPlan(planned, null);
    }
}
