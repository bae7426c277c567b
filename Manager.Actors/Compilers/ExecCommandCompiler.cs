namespace Manager.Actors.Compilers;

/// <summary>
/// <c>exec_command</c>: runs one given argument vector as is. The optional frame range and format
/// only describe the task (they are not passed to the program).
/// </summary>
public sealed class ExecCommandCompiler : ITaskCompiler
{
    public string Type => "exec_command";

    public string DefaultParser => "none";

    public CompileResult Compile(string settingsJson)
    {
        using var settings = SettingsObject.Open(settingsJson, out var invalid);
        if (settings is null) return invalid!;

        var argv = settings.StringList("argv", required: true, nonEmptyItems: true);
        if (settings.IsGiven("argv") && argv.Count == 0 && !settings.HasErrors)
            settings.Fail("argv", "argv must not be empty; argv[0] is the program.");

        long? start = null, end = null;
        if (settings.IsGiven("frame_start") || settings.IsGiven("frame_end"))
        {
            start = settings.Integer("frame_start", long.MinValue, long.MaxValue, "frame_start is required when frame_end is given.");
            end = settings.Integer("frame_end", long.MinValue, long.MaxValue, "frame_end is required when frame_start is given.");
            if (start is not null && end is not null && end < start)
                settings.Fail("frame_end", "frame_end must be greater than or equal to frame_start.");
        }

        var format = settings.String("format", required: false);

        if (settings.HasErrors) return settings.Invalid();
        return CompileResult.Ok(new CompiledTask([new CompiledCommand("exec", argv)], start, end, format));
    }
}
