namespace Manager.Worker;

/// <summary>
/// The folder a command writes into when its program does not create it itself, so the worker creates it first.
/// Blender creates the folders of its <c>-o</c> path on its own; <c>ffmpeg</c> does not, and fails with "No such file
/// or directory" when its output folder is missing (a job's video task: <c>Manager.Actors/Jobs/VideoCommand.cs</c>).
/// Pure.
/// </summary>
public static class OutputFolder
{
    public const string Ffmpeg = "ffmpeg";

    private const string FileProtocol = "file:";

    /// <summary>
    /// For an <c>ffmpeg</c> command (by file name, wherever it lives): the folder of its output, which is its last
    /// argument, when that is a local file — written <c>file:&lt;path&gt;</c> (as the manager writes it) or as an
    /// absolute path; a relative <c>file:</c> path is read from <paramref name="workingDirectory"/>. Null for any other
    /// program, and for an output that is not a local file (<c>-</c>, <c>pipe:1</c>, a URL).
    /// </summary>
    public static string? Of(PlannedCommand command, string workingDirectory)
    {
        if (command.Arguments.Count == 0 || !CommandPlanner.IsAllowed(command.Program, [Ffmpeg])) return null;
        var output = command.Arguments[^1];
        if (output.StartsWith(FileProtocol, StringComparison.Ordinal)) output = output[FileProtocol.Length..];
        else if (!Path.IsPathFullyQualified(output)) return null;
        if (output.Length == 0) return null;
        return Path.GetDirectoryName(Path.GetFullPath(output, workingDirectory));
    }
}
