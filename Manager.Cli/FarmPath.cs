namespace Manager.Cli;

/// <summary>
/// Paths the CLI sends are absolute: every task runs on a worker in a work directory of its own, so a path relative to
/// the artist's shell would mean nothing there. Blender's own <c>//</c> (relative to the .blend) is kept as written.
/// </summary>
internal static class FarmPath
{
    public static string Absolute(string path, string currentDirectory) =>
        path.StartsWith("//", StringComparison.Ordinal) ? path : Path.GetFullPath(path, currentDirectory);
}
