using System.Globalization;
using Manager.Rules;

namespace Manager.Actors.Parsers;

/// <summary>
/// <c>blender_render</c>: reads Blender's console output line by line.
/// <list type="bullet">
/// <item><c>Fra:N …</c> — the last one sets the current frame, and the text after its last
/// <c> | </c> becomes the activity, e.g. <c>Frame 3: Sample 1/1</c>.</item>
/// <item><c>Saved: '&lt;path&gt;'</c> — a written file.</item>
/// <item><c>Error: …</c> — the last one becomes the error.</item>
/// </list>
/// </summary>
/// <remarks>
/// Lines end at <c>\n</c>, <c>\r\n</c> or a bare <c>\r</c>. A final line without a terminator is read
/// like any other (a process's last line often has none); a <c>Saved:</c> line needs its closing
/// quote, so a cut-off path is never reported.
/// </remarks>
public sealed class BlenderRenderParser : IOutputParser
{
    public string Name => "blender_render";

    public ParsedOutput Parse(string chunk)
    {
        if (string.IsNullOrEmpty(chunk))
            return ParsedOutput.Nothing;

        long? frame = null;
        ReadOnlySpan<char> frameLine = default;
        ReadOnlySpan<char> errorText = default;
        var hasError = false;
        List<string>? saved = null;

        var rest = chunk.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOfAny('\r', '\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];

            if (BlenderProgressLine.TryParseFrame(line, out var number))
            {
                frame = number;
                frameLine = line;
            }
            else if (line.StartsWith(BlenderSavedLine.Prefix, StringComparison.Ordinal))
            {
                if (BlenderSavedLine.TryParse(line, out var path))
                    (saved ??= []).Add(path);
            }
            else if (BlenderErrorLine.TryParse(line, out var text))
            {
                errorText = text;
                hasError = true;
            }
        }

        if (frame is null && !hasError && saved is null)
            return ParsedOutput.Nothing;

        return new ParsedOutput(
            frame,
            frame is { } n ? Activity(n, frameLine) : null,
            hasError ? errorText.ToString() : null,
            saved ?? (IReadOnlyList<string>)[]);
    }

    private static string Activity(long frame, ReadOnlySpan<char> line)
    {
        var separator = line.LastIndexOf(" | ", StringComparison.Ordinal);
        var text = separator < 0 ? default : line[(separator + 3)..].Trim();
        var number = frame.ToString(CultureInfo.InvariantCulture);
        return text.IsEmpty ? $"Frame {number}" : $"Frame {number}: {text}";
    }
}
