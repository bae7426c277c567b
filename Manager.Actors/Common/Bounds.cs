using System.Text;

namespace Manager.Actors.Common;

/// <summary>
/// The sizes a client may send (docs/api.md, "Bounds"). Each check answers the error message, or null when the value
/// is within bounds, so both the rules (422 through <see cref="Outcome.Invalid(string, string)"/>) and the HTTP layer
/// can use it.
/// </summary>
public static class Bounds
{
    /// <summary>The largest task or job id: 2^53−1, the largest integer a JavaScript client reads exactly.</summary>
    public const long MaxId = 9_007_199_254_740_991;

    /// <summary>A task's <c>settings</c> text, in UTF-8 bytes.</summary>
    public const int MaxSettingsBytes = 64 * 1024;

    public const int MaxTags = 32;
    public const int MaxTagLength = 64;

    /// <summary>A worker's activity text, in UTF-8 bytes; longer is cut (<see cref="CutActivity"/>), not refused.</summary>
    public const int MaxActivityBytes = 1024;

    /// <summary>A program path in the <c>blender_path</c> setting (PATH_MAX on Linux).</summary>
    public const int MaxProgramPathLength = 4096;

    public static string? IdProblem(long id) =>
        id is >= 1 and <= MaxId ? null : $"must be a whole number from 1 to {MaxId} (2^53-1)";

    public static string? SettingsProblem(string? settings) =>
        settings is not null && Encoding.UTF8.GetByteCount(settings) > MaxSettingsBytes
            ? $"settings must be at most {MaxSettingsBytes} bytes (64 KiB) of UTF-8 text"
            : null;

    /// <summary>Tags of a task or a worker: at most <see cref="MaxTags"/>, each 1 to <see cref="MaxTagLength"/> characters and not blank.</summary>
    public static string? TagsProblem(IReadOnlyList<string>? tags)
    {
        if (tags is null) return null;
        if (tags.Count > MaxTags) return $"at most {MaxTags} tags are allowed, not {tags.Count}";
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (string.IsNullOrWhiteSpace(tag)) return $"tags[{i}] must be a non-empty string";
            if (CharacterCount(tag) > MaxTagLength) return $"tags[{i}] must be at most {MaxTagLength} characters";
        }
        return null;
    }

    /// <summary>The activity as stored: at most <see cref="MaxActivityBytes"/> of UTF-8, cut at a character boundary.</summary>
    public static string? CutActivity(string? activity) => activity is null ? null : CutToUtf8Bytes(activity, MaxActivityBytes);

    public static string CutToUtf8Bytes(string text, int maxBytes)
    {
        // UTF-8 needs at least one byte per UTF-16 unit, at most three: below the limit either way needs no counting.
        if (text.Length * 3 <= maxBytes || Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes) break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }

    /// <summary>Characters as people count them in a tag: Unicode scalar values (an emoji is one, not two UTF-16 units).</summary>
    private static int CharacterCount(string text)
    {
        if (text.Length <= MaxTagLength) return text.Length; // never more characters than UTF-16 units
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }
}
