namespace Manager.Actors.Parsers;

/// <summary><c>none</c>: output is only logged, never interpreted.</summary>
public sealed class NoneParser : IOutputParser
{
    public string Name => "none";

    public ParsedOutput Parse(string chunk) => ParsedOutput.Nothing;
}
