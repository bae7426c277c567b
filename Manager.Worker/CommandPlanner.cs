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
/// configured Blender, and only programs on the worker's allow-list may run. Pure.
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
    public static string ResolveBlender(string? option, JsonElement? setting, string osName)
    {
        if (!string.IsNullOrWhiteSpace(option))
            return option;
        if (setting is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(osName, out var path)
            && path.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(path.GetString()))
            return path.GetString()!;
        return Blender;
    }

    /// <summary>
    /// A program may run when argv[0] — as the manager sent it, before substitution — is on the
    /// allow-list, compared exactly: <c>sh</c> allows <c>sh</c> from PATH, not <c>/tmp/x/sh</c>.
    /// </summary>
    public static bool IsAllowed(string program, IEnumerable<string> allow) =>
        allow.Any(entry => string.Equals(entry, program, PathComparison));

    public static CommandPlan Plan(IReadOnlyList<TaskCommand> commands, string blenderPath, IReadOnlyCollection<string> allow)
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

            var program = command.Argv[0];
            if (!IsAllowed(program, allow))
                return CommandPlan.Refused(
                    $"{name}: program '{program}' is not allowed on this worker (allowed: {string.Join(", ", allow)}); " +
                    $"start the worker with --allow {program} to permit it");

            planned.Add(new PlannedCommand(name, program == Blender ? blenderPath : program, command.Argv.Skip(1).ToList()));
        }
        return new CommandPlan(planned, null);
    }
}
