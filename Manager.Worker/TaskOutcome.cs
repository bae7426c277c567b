using Manager.Rules;

namespace Manager.Worker;

/// <summary>
/// How a task ended on this worker, as the final <c>PATCH /tasks/{id}</c> reports it. The error
/// text is one <see cref="BlenderErrorLine"/>, so the manager's output parser takes it as the
/// task's error. Pure.
/// </summary>
public sealed record TaskOutcome(string Status, string? Error)
{
    public static TaskOutcome Completed { get; } = new(TaskStatuses.Completed, null);

    public bool Succeeded => Status == TaskStatuses.Completed;

    public static TaskOutcome Failed(string error) => new(TaskStatuses.Failed, BlenderErrorLine.Of(error));

    /// <summary>
    /// The outcome of a command from its exit code and its last <c>Error:</c> line: exit code 0 is
    /// success (whatever was printed), anything else fails with the error line, if any, and the code.
    /// </summary>
    public static TaskOutcome FromExit(string program, int exitCode, string? lastErrorLine)
    {
        if (exitCode == 0)
            return Completed;

        var name = Path.GetFileName(program);
        if (string.IsNullOrEmpty(name))
            name = program;
        var how = !OperatingSystem.IsWindows() && exitCode is > 128 and < 160
            ? $"{name} was killed by signal {exitCode - 128} (exit code {exitCode})"
            : $"{name} exited with code {exitCode}";

        var error = BlenderErrorLine.TryParse(lastErrorLine, out var text) ? text.ToString() : null;
        return Failed(error is null ? how : $"{error} ({how})");
    }
}
