namespace Manager.Worker;

/// <summary>Where the program that replaces <c>blender</c> came from.</summary>
public enum BlenderSource
{
    /// <summary>The worker's own <c>--blender</c> option: its operator typed it, so it is trusted.</summary>
    Option,
    /// <summary>The manager's <c>blender_path</c> setting: it runs only if the allow-list permits it.</summary>
    ManagerSetting,
    /// <summary>Neither: <c>blender</c> found on PATH.</summary>
    SearchPath,
}

/// <summary>The program a command's <c>blender</c> becomes, and where that came from.</summary>
public sealed record BlenderProgram(string Path, BlenderSource Source)
{
    public static BlenderProgram FromSearchPath { get; } = new(CommandPlanner.Blender, BlenderSource.SearchPath);

    public string Describe() => Source switch
    {
        BlenderSource.Option => "--blender",
        BlenderSource.ManagerSetting => "the manager's blender_path setting",
        _ => "PATH",
    };
}
