using System.Collections.Frozen;
using System.Text.Json;

namespace Manager.Actors.Compilers;

/// <summary>
/// <c>blender_render</c>: renders a frame range of a .blend in the background, as one command
/// <c>blender -b &lt;filepath&gt; [-E engine] [-o output] -F format -s start -e end [extra_args…] -a</c>.
/// </summary>
/// <remarks>
/// Blender applies its arguments in order and renders at <c>-a</c>, so <c>extra_args</c> go after
/// the compiler's own options and just before <c>-a</c>: they take effect (e.g. <c>-t 8</c>,
/// <c>--python-expr …</c>) and may deliberately override an earlier option.
/// </remarks>
public sealed class BlenderRenderCompiler : ITaskCompiler
{
    /// <summary>Blender's MINAFRAME / MAXFRAME.</summary>
    public const long MinFrame = -1048574, MaxFrame = 1048574;

    public const string DefaultFormat = "PNG";

    // Settings use Blender's Python (RNA) format names, but `-F` parses its own spellings
    // (BKE_imtype_from_arg) and ignores names it doesn't know, e.g. TARGA must be passed as TGA.
    private static readonly FrozenDictionary<string, string> CliFormatNames = new Dictionary<string, string>
    {
        ["PNG"] = "PNG",
        ["OPEN_EXR"] = "OPEN_EXR",
        ["OPEN_EXR_MULTILAYER"] = "OPEN_EXR_MULTILAYER",
        ["JPEG"] = "JPEG",
        ["JPEG2000"] = "JP2",
        ["BMP"] = "BMP",
        ["IRIS"] = "IRIS",
        ["TARGA"] = "TGA",
        ["TARGA_RAW"] = "RAWTGA",
        ["CINEON"] = "CINEON",
        ["DPX"] = "DPX",
        ["HDR"] = "HDR",
        ["TIFF"] = "TIFF",
        ["WEBP"] = "WEBP",
        ["AVI_JPEG"] = "AVIJPEG",
        ["AVI_RAW"] = "AVIRAW",
        ["FFMPEG"] = "FFMPEG",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string FormatList = string.Join(", ", CliFormatNames.Keys.Order(StringComparer.Ordinal));

    /// <summary>The accepted <c>format</c> values.</summary>
    public static IReadOnlyCollection<string> Formats => CliFormatNames.Keys;

    public string Type => "blender_render";

    public string DefaultParser => "blender_render";

    public CompileResult Compile(string settingsJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(settingsJson ?? "", new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return CompileResult.Invalid("settings", $"settings must be JSON text: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return CompileResult.Invalid("settings", "settings must be a JSON object.");

            var errors = new Dictionary<string, List<string>>();
            void Fail(string field, string message) =>
                (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

            var filepath = ReadString(root, "filepath", required: true, Fail);
            // A leading '-' would make Blender read the path as an option.
            if (filepath is not null && filepath.StartsWith('-'))
                Fail("filepath", "filepath must not start with '-' (write it as ./-…).");

            var start = ReadFrame(root, "frame_start", Fail);
            var end = ReadFrame(root, "frame_end", Fail);
            if (start is not null && end is not null && end < start)
                Fail("frame_end", "frame_end must be greater than or equal to frame_start.");

            var format = ReadString(root, "format", required: false, Fail) ?? DefaultFormat;
            if (!CliFormatNames.TryGetValue(format, out var cliFormat))
                Fail("format", $"format must be one of {FormatList}.");

            var output = ReadString(root, "output", required: false, Fail);
            var engine = ReadString(root, "engine", required: false, Fail);
            var extraArgs = ReadStringList(root, "extra_args", Fail);

            if (errors.Count > 0)
                return CompileResult.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

            var argv = new List<string> { "blender", "-b", filepath! };
            if (engine is not null) argv.AddRange(["-E", engine]);
            if (output is not null) argv.AddRange(["-o", output]);
            argv.AddRange(["-F", cliFormat!, "-s", Invariant(start!.Value), "-e", Invariant(end!.Value)]);
            argv.AddRange(extraArgs);
            argv.Add("-a");

            return CompileResult.Ok(new CompiledTask([new CompiledCommand("render", argv)], start, end, format));
        }
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A string field; null counts as absent. Optional strings, when given, must still be non-empty.</summary>
    private static string? ReadString(JsonElement root, string name, bool required, Action<string, string> fail)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) fail(name, $"{name} is required.");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            fail(name, $"{name} must be a string.");
            return null;
        }
        var text = value.GetString()!;
        if (text.Length == 0)
        {
            fail(name, required ? $"{name} is required." : $"{name} must not be empty; omit it or use null for the default.");
            return null;
        }
        if (text.Contains('\0'))
        {
            fail(name, $"{name} must not contain NUL characters.");
            return null;
        }
        return text;
    }

    private static long? ReadFrame(JsonElement root, string name, Action<string, string> fail)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            fail(name, $"{name} is required.");
            return null;
        }
        var range = $"{name} must be an integer between {MinFrame} and {MaxFrame}.";
        if (value.ValueKind != JsonValueKind.Number)
        {
            fail(name, $"{name} must be an integer.");
            return null;
        }
        if (!value.TryGetInt64(out var frame))
        {
            // Either a fraction/exponent (1.5, 1e3) or an integer too large for int64.
            fail(name, value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? $"{name} must be an integer." : range);
            return null;
        }
        if (frame is < MinFrame or > MaxFrame)
        {
            fail(name, range);
            return null;
        }
        return frame;
    }

    private static IReadOnlyList<string> ReadStringList(JsonElement root, string name, Action<string, string> fail)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return [];
        if (value.ValueKind != JsonValueKind.Array)
        {
            fail(name, $"{name} must be a list of strings.");
            return [];
        }
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                fail(name, $"{name}[{index}] must be a string.");
            else if (item.GetString()!.Contains('\0'))
                fail(name, $"{name}[{index}] must not contain NUL characters.");
            else
                items.Add(item.GetString()!);
            index++;
        }
        return items;
    }
}
