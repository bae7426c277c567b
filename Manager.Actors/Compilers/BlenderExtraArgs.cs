using System.Collections.Frozen;
using System.Globalization;

namespace Manager.Actors.Compilers;

/// <summary>
/// Which <c>extra_args</c> a <c>blender_render</c> task may pass to Blender. An allow-list, from <c>blender --help</c>
/// of Blender 3.4: a submitter must not make a worker run code, so every element Blender reads as an option must be
/// one of the harmless options below, followed by exactly its values. Options that run Python or let Python load code
/// (scripts, add-ons, app templates, system script/Python directories, the system environment, auto-run turned on)
/// are refused by name; an unknown option is refused too (it may be one of a later Blender), as is a bare argument
/// (Blender would open it as another .blend file) and <c>--opt=value</c> (Blender 3.4 has no such form).
/// </summary>
public static class BlenderExtraArgs
{
    /// <summary>Harmless options and how many values follow each.</summary>
    private static readonly FrozenDictionary<string, int> Harmless = new Dictionary<string, int>
    {
        // Render and format
        ["-S"] = 1, ["--scene"] = 1,
        ["-f"] = 1, ["--render-frame"] = 1,
        ["-s"] = 1, ["--frame-start"] = 1,
        ["-e"] = 1, ["--frame-end"] = 1,
        ["-j"] = 1, ["--frame-jump"] = 1,
        ["-o"] = 1, ["--render-output"] = 1,
        ["-E"] = 1, ["--engine"] = 1,
        ["-t"] = 1, ["--threads"] = 1,
        ["-F"] = 1, ["--render-format"] = 1,
        ["-x"] = 1, ["--use-extension"] = 1,
        ["-Y"] = 0, ["--disable-autoexec"] = 0,
        ["--factory-startup"] = 0,
        ["-noaudio"] = 0, ["-setaudio"] = 1,
        ["--python-exit-code"] = 1, // only sets the exit code for a script that failed; runs nothing itself
        // Logging to the console (not --log-file: it writes a file anywhere the worker may write)
        ["--log"] = 1, ["--log-level"] = 1, ["--log-show-basename"] = 0, ["--log-show-backtrace"] = 0, ["--log-show-timestamp"] = 0,
        // Debugging
        ["-d"] = 0, ["--debug"] = 0, ["--debug-value"] = 1, ["--verbose"] = 1,
        ["--debug-events"] = 0, ["--debug-ffmpeg"] = 0, ["--debug-handlers"] = 0, ["--debug-libmv"] = 0, ["--debug-cycles"] = 0,
        ["--debug-memory"] = 0, ["--debug-jobs"] = 0, ["--debug-python"] = 0, ["--debug-depsgraph"] = 0,
        ["--debug-depsgraph-eval"] = 0, ["--debug-depsgraph-build"] = 0, ["--debug-depsgraph-tag"] = 0,
        ["--debug-depsgraph-no-threads"] = 0, ["--debug-depsgraph-time"] = 0, ["--debug-depsgraph-pretty"] = 0,
        ["--debug-depsgraph-uuid"] = 0, ["--debug-gpu"] = 0, ["--debug-gpu-force-workarounds"] = 0,
        ["--debug-gpu-disable-ssbo"] = 0, ["--debug-all"] = 0, ["--debug-io"] = 0, ["--debug-fpe"] = 0,
        ["--debug-exit-on-error"] = 0, ["--debug-freestyle"] = 0,
        ["--disable-crash-handler"] = 0, ["--disable-abort-handler"] = 0,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Options that run code, or make Blender load code it would not load otherwise, and why.</summary>
    private static readonly FrozenDictionary<string, string> RunCode = new Dictionary<string, string>
    {
        ["-P"] = "runs a Python script", ["--python"] = "runs a Python script",
        ["--python-text"] = "runs a Python text block", ["--python-expr"] = "runs a Python expression",
        ["--python-console"] = "starts an interactive Python console",
        ["-y"] = "turns on Python scripts stored in the .blend file", ["--enable-autoexec"] = "turns on Python scripts stored in the .blend file",
        ["--addons"] = "enables add-ons (Python code)",
        ["--app-template"] = "loads an application template (Python code)",
        ["--python-use-system-env"] = "lets Python load code from PYTHONPATH and the user's site-packages",
        ["--env-system-scripts"] = "points Blender at another directory of startup scripts",
        ["--env-system-python"] = "points Blender at another Python library directory",
        ["--env-system-datafiles"] = "points Blender at another data directory",
        ["--enable-event-simulate"] = "lets Python simulate user input",
        ["--open-last"] = "opens another .blend file than filepath",
        ["--"] = "passes the following arguments to Python scripts and stops Blender reading -a",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The first problem with these arguments, or null when Blender may be given them.</summary>
    public static string? Problem(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var option = arg.StartsWith('-') && arg.IndexOf('=') is var eq and > 0 ? arg[..eq] : arg;
            if (RunCode.TryGetValue(option, out var why))
                return $"extra_args must not contain {option}: it {why}";
            if (!arg.StartsWith('-'))
                return $"extra_args[{i}] '{arg}' is not an option: Blender would open it as a file (the file to render is filepath)";
            if (!Harmless.TryGetValue(arg, out var values))
                return $"extra_args[{i}] '{arg}' is not an option a task may pass to Blender; allowed: {string.Join(" ", Harmless.Keys.Order(StringComparer.Ordinal))}";
            for (var v = 1; v <= values; v++)
            {
                if (i + v >= args.Count)
                    return $"extra_args: {arg} needs {values} value(s) after it";
                // A value Blender might read as an option instead (when the option refuses it) may not look like one;
                // negative numbers (relative frames) are values only.
                var value = args[i + v];
                if (value.StartsWith('-') && !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    return $"extra_args[{i + v}] '{value}', the value of {arg}, must not start with '-'";
            }
            i += values;
        }
        return null;
    }
}
