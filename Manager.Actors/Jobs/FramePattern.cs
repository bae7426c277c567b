using System.Collections.Frozen;
using System.Globalization;

namespace Manager.Actors.Jobs;

/// <summary>
/// The files a job's render tasks write, as one pattern: <c>Prefix</c>, the frame number printed with at least
/// <c>Digits</c> digits (zero-padded, as C's <c>%0Nd</c>), then <c>Suffix</c>. The render tasks get
/// <see cref="BlenderOutput"/> as <c>-o</c> and the video task reads <see cref="FfmpegInput"/>: both come from this one
/// value, so they cannot disagree.
/// </summary>
/// <remarks>
/// Blender (3.4) replaces the <em>last</em> run of <c>#</c> in the file name (not in a directory name) with the frame
/// number, zero-padded to the run's length, and then makes sure the name ends with the format's extension (keeping
/// a valid one in any letter case). <see cref="Of"/> makes that extension explicit, so Blender changes nothing but
/// the <c>#</c> run, which is exactly what <c>%0Nd</c> does for ffmpeg's image2 demuxer.
/// </remarks>
public sealed record FramePattern(string Prefix, int Digits, string Suffix)
{
    /// <summary>The image formats a video can be made from, with the extensions Blender writes for them (the first is the one it adds).</summary>
    private static readonly FrozenDictionary<string, string[]> VideoSourceFormats = new Dictionary<string, string[]>
    {
        ["PNG"] = [".png"],
        ["JPEG"] = [".jpg", ".jpeg"],
        ["JPEG2000"] = [".jp2"],
        ["BMP"] = [".bmp"],
        ["IRIS"] = [".rgb"],
        ["TARGA"] = [".tga"],
        ["TARGA_RAW"] = [".tga"],
        ["TIFF"] = [".tif", ".tiff"],
        ["WEBP"] = [".webp"],
        ["DPX"] = [".dpx"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Extensions of the other formats Blender writes, which it would replace rather than append to.</summary>
    private static readonly string[] OtherImageExtensions = [".exr", ".hdr", ".cin"];

    /// <summary>The formats <see cref="Of"/> accepts.</summary>
    public static IReadOnlyCollection<string> VideoFormats => VideoSourceFormats.Keys;

    /// <summary>The <c>-o</c> value of every render task.</summary>
    public string BlenderOutput => Prefix + new string('#', Digits) + Suffix;

    /// <summary>The image2 input of ffmpeg, read through its <c>file:</c> protocol; a literal <c>%</c> is written <c>%%</c>.</summary>
    public string FfmpegInput => "file:" + Prefix.Replace("%", "%%") + "%0" + Digits.ToString(CultureInfo.InvariantCulture) + "d" + Suffix.Replace("%", "%%");

    /// <summary>The file of one frame (for a person, and for tests).</summary>
    public string FileOf(int frame) => Prefix + frame.ToString("D" + Digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + Suffix;

    /// <summary>
    /// The pattern of <paramref name="output"/> for <paramref name="format"/>, or the problem why a video cannot be made
    /// from the files: the path must be absolute (every task runs in its own work directory on its worker, and
    /// Blender's <c>//</c> is relative to the .blend, which ffmpeg does not know), have a run of <c>#</c> in its file name,
    /// no <c>{</c> or <c>}</c> (Blender 4.5 and later expand them as path templates), and the format must be an image
    /// format ffmpeg reads as display-ready pictures.
    /// </summary>
    public static FramePattern? Of(string output, string format, out string? problem)
    {
        problem = null;
        if (!VideoSourceFormats.TryGetValue(format, out var extensions))
        {
            problem = $"a video is made from the format {string.Join(", ", VideoSourceFormats.Keys.Order(StringComparer.Ordinal))}, not {format}";
            return null;
        }
        if (output.StartsWith("//", StringComparison.Ordinal) || !IsAbsolute(output))
        {
            problem = "output must be an absolute path for a video (e.g. /renders/shot/frame_####): every task runs in a work directory of its own, and ffmpeg does not know Blender's // (relative to the .blend file)";
            return null;
        }
        if (output.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            problem = "output must not contain '{' or '}' for a video: Blender 4.5 and later expand them as path templates";
            return null;
        }
        var nameStart = output.AsSpan().LastIndexOfAny('/', '\\') + 1;
        var runEnd = output.LastIndexOf('#');
        if (runEnd < nameStart)
        {
            problem = "output needs a run of '#' in its file name for the frame number (e.g. /renders/shot/frame_####) so that ffmpeg can read the frames as a sequence";
            return null;
        }
        var runStart = runEnd;
        while (runStart > nameStart && output[runStart - 1] == '#') runStart--;

        var prefix = output[..runStart];
        var suffix = output[(runEnd + 1)..];
        if (!extensions.Any(e => suffix.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            var other = OtherImageExtensions.Concat(VideoSourceFormats.Values.SelectMany(e => e))
                .FirstOrDefault(e => suffix.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            if (other is not null)
            {
                problem = $"output ends with {suffix[^other.Length..]}, which is not the extension of {format} files ({string.Join(", ", extensions)})";
                return null;
            }
            suffix += extensions[0];
        }
        return new FramePattern(prefix, runEnd - runStart + 1, suffix);
    }

    /// <summary>A POSIX absolute path (<c>/…</c>), a Windows drive path (<c>C:\…</c>, <c>C:/…</c>) or a UNC path (<c>\\server\…</c>).</summary>
    internal static bool IsAbsolute(string path) =>
        path.StartsWith('/')
        || path.StartsWith(@"\\", StringComparison.Ordinal)
        || (path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '/' or '\\');
}
