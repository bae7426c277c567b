namespace Manager.Worker;

/// <summary>
/// How a task ended on this worker, as the final <c>PATCH /tasks/{id}</c> reports it. The error
/// text is one line starting <c>Error: </c>, so the manager's output parser takes it as the
/// task's error. Pure.
/// </summary>
public sealed record TaskOutcome(string Status, string? Error)
{
    public const string ErrorPrefix = "Error:";

    public static TaskOutcome Completed { get; } = new(TaskStatuses.Completed, null);

    public bool Succeeded => Status == TaskStatuses.Completed;

    public static TaskOutcome Failed(string error)
    {
        var text = error.ReplaceLineEndings(" ").Trim();
        return new(TaskStatuses.Failed, text.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? text : $"{ErrorPrefix} {text}");
    }

    /// <summary>An output line that reports an error (Blender's <c>Error: …</c>).</summary>
    public static bool IsErrorLine(string line) =>
        line.StartsWith(ErrorPrefix, StringComparison.Ordinal) && line.AsSpan(ErrorPrefix.Length).Trim().Length > 0;

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

        var error = lastErrorLine is not null && IsErrorLine(lastErrorLine)
            ? lastErrorLine.AsSpan(ErrorPrefix.Length).Trim().ToString()
            : null;
        return Failed(error is null ? how : $"{error} ({how})");
    }
}
