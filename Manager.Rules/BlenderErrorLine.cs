namespace Manager.Rules;

/// <summary>
/// Blender's error line, <c>Error: …</c> with some text after the space: the manager's <c>blender_render</c> output
/// parser takes the last one as the task's error, the worker the last one as the reason it reports a failure.
/// </summary>
public static class BlenderErrorLine
{
    public const string Prefix = "Error: ";

    /// <summary>True when <paramref name="line"/> is an error line; <paramref name="text"/> is what follows the prefix, trimmed.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out ReadOnlySpan<char> text)
    {
        text = line.StartsWith(Prefix, StringComparison.Ordinal) ? line[Prefix.Length..].Trim() : default;
        return !text.IsEmpty;
    }

    /// <summary>One error line saying <paramref name="text"/> (line breaks become spaces), unless it is one already.</summary>
    public static string Of(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return TryParse(line, out _) ? line : Prefix + line;
    }
}
