using System.Collections.Frozen;

namespace Manager.Actors.Compilers;

/// <summary>
/// <c>blender_render</c>: renders a frame range of a .blend in the background, as one command
/// <c>blender -b -Y &lt;filepath&gt; [-E engine] [-o output] -F format -s start -e end [extra_args…] -a</c>.
/// </summary>
/// <remarks>
/// <c>-Y</c> turns Blender's auto-run of Python scripts stored in the .blend off before the file loads: a submitter
/// must not be able to make a worker run code. For the same reason no string from the settings may be read by Blender
/// as an option it did not intend: filepath, output and engine must not start with '-', and <c>extra_args</c> may only
/// hold harmless options with their values (<see cref="BlenderExtraArgs"/>); anything that runs Python or turns
/// scripts on is invalid. Blender applies its arguments in order and renders at <c>-a</c>, so <c>extra_args</c> go
/// after the compiler's own options and just before <c>-a</c>: they take effect (e.g. <c>-t 8</c>) and may
/// deliberately override an earlier option.
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
        using var settings = SettingsObject.Open(settingsJson, out var invalid);
        if (settings is null) return invalid!;

        var filepath = settings.String("filepath", required: true);
        // A leading '-' would make Blender read the path as an option.
        if (filepath is not null && filepath.StartsWith('-'))
            settings.Fail("filepath", "filepath must not start with '-' (write it as ./-…).");

        var start = settings.Integer("frame_start", MinFrame, MaxFrame, "frame_start is required.");
        var end = settings.Integer("frame_end", MinFrame, MaxFrame, "frame_end is required.");
        if (start is not null && end is not null && end < start)
            settings.Fail("frame_end", "frame_end must be greater than or equal to frame_start.");

        var format = settings.String("format", required: false) ?? DefaultFormat;
        if (!CliFormatNames.TryGetValue(format, out var cliFormat))
            settings.Fail("format", $"format must be one of {FormatList}.");

        var output = settings.String("output", required: false);
        if (output is not null && output.StartsWith('-'))
            settings.Fail("output", "output must not start with '-' (write it as ./-…).");
        var engine = settings.String("engine", required: false);
        if (engine is not null && engine.StartsWith('-'))
            settings.Fail("engine", "engine must not start with '-'; it is an engine name such as CYCLES.");
        var extraArgs = settings.StringList("extra_args", required: false, nonEmptyItems: false);
        if (!settings.HasErrorsFor("extra_args") && BlenderExtraArgs.Problem(extraArgs) is { } unsafeArgs)
            settings.Fail("extra_args", unsafeArgs);

        if (settings.HasErrors) return settings.Invalid();

        var argv = new List<string> { "blender", "-b", "-Y", filepath! };
        if (engine is not null) argv.AddRange(["-E", engine]);
        if (output is not null) argv.AddRange(["-o", output]);
        argv.AddRange(["-F", cliFormat!, "-s", SettingsObject.Invariant(start!.Value), "-e", SettingsObject.Invariant(end!.Value)]);
        argv.AddRange(extraArgs);
        argv.Add("-a");

        return CompileResult.Ok(new CompiledTask([new CompiledCommand("render", [.. argv])], start, end, format));
    }
}
