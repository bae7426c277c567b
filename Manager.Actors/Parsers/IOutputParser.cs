namespace Manager.Actors.Parsers;

/// <summary>
/// What a parser read in one chunk of a task's output. Null fields mean "nothing new".
/// </summary>
public sealed record ParsedOutput(
    long? FrameCurrent,
    string? Activity,
    string? Error,
    IReadOnlyList<string> SavedFiles)
{
    public static readonly ParsedOutput Nothing = new(null, null, null, []);
}

/// <summary>A pure function from a chunk of console output (whole lines) to what it says about progress.</summary>
public interface IOutputParser
{
    /// <summary>The <c>parser</c> name tasks use, e.g. <c>blender_render</c>.</summary>
    string Name { get; }

    ParsedOutput Parse(string chunk);
}
