namespace Manager.Rules;

/// <summary>
/// Blender's <c>Saved: '&lt;path&gt;'</c> line, printed once a file is written: the manager's <c>blender_render</c>
/// parser lists the files from it, the worker sends a picture of the last one.
/// </summary>
public static class BlenderSavedLine
{
    public const string Prefix = "Saved: ";

    /// <summary>True when <paramref name="line"/> names a whole quoted path (a cut-off path has no closing quote).</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out string path)
    {
        path = "";
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var text = line[Prefix.Length..].Trim();
        if (text.Length < 3 || text[0] is not ('\'' or '"') || text[^1] != text[0])
            return false;
        path = text[1..^1].ToString();
        return true;
    }
}
