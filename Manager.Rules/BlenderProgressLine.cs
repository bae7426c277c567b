using System.Globalization;

namespace Manager.Rules;

/// <summary>
/// Blender's progress line, <c>Fra:N …</c> (N may be negative): the manager's <c>blender_render</c> output
/// parser takes the task's current frame from it, the worker its <c>Frame</c> events.
/// </summary>
public static class BlenderProgressLine
{
    public const string Prefix = "Fra:";

    /// <summary>True when <paramref name="line"/> is a progress line with a frame number right after <c>Fra:</c>.</summary>
    public static bool TryParseFrame(ReadOnlySpan<char> line, out long frame)
    {
        frame = 0;
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var text = line[Prefix.Length..];
        var length = text.StartsWith('-') ? 1 : 0;
        var digitsStart = length;
        while (length < text.Length && char.IsAsciiDigit(text[length]))
            length++;
        return length > digitsStart
            && long.TryParse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out frame);
    }
}
