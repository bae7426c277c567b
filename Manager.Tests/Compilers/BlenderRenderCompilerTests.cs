using Manager.Actors.Compilers;

namespace Manager.Tests.Compilers;

public class BlenderRenderCompilerTests
{
    private static readonly BlenderRenderCompiler Compiler = new();

    private static CompiledTask CompileOk(string json)
    {
        var result = Compiler.Compile(json);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return result.Task!;
    }

    private static IReadOnlyDictionary<string, string[]> CompileErrors(string json)
    {
        var result = Compiler.Compile(json);
        Assert.False(result.IsValid);
        Assert.Null(result.Task);
        return result.Errors;
    }

    [Fact]
    public void Names_its_type_and_default_parser()
    {
        Assert.Equal("blender_render", Compiler.Type);
        Assert.Equal("blender_render", Compiler.DefaultParser);
        Assert.True(TaskCompilers.TryGet("blender_render", out var registered));
        Assert.IsType<BlenderRenderCompiler>(registered);
        Assert.False(TaskCompilers.TryGet("Blender_Render", out _));
        Assert.Equal(["blender_render", "exec_command"], TaskCompilers.Types.Order());
    }

    [Fact]
    public void Minimal_settings_render_the_range_as_png_without_output()
    {
        var task = CompileOk("""{"filepath": "/shots/a.blend", "frame_start": 1, "frame_end": 10}""");

        var command = Assert.Single(task.Commands);
        Assert.Equal("render", command.Name);
        Assert.Equal(["blender", "-b", "-Y", "/shots/a.blend", "-F", "PNG", "-s", "1", "-e", "10", "-a"], command.Argv);
        Assert.Equal(1, task.FrameStart);
        Assert.Equal(10, task.FrameEnd);
        Assert.Equal("PNG", task.Format);
    }

    [Fact]
    public void Full_settings_put_engine_output_format_range_then_extra_args_before_a()
    {
        var task = CompileOk("""
            {"filepath": "/shots/a.blend", "frame_start": -5, "frame_end": 5, "format": "OPEN_EXR",
             "output": "/out/shot_####", "engine": "CYCLES", "extra_args": ["-t", "8", "--frame-jump", "2", "--debug-cycles"],
             "unknown_field": {"ignored": true}}
            """);

        Assert.Equal(
            ["blender", "-b", "-Y", "/shots/a.blend", "-E", "CYCLES", "-o", "/out/shot_####", "-F", "OPEN_EXR",
             "-s", "-5", "-e", "5", "-t", "8", "--frame-jump", "2", "--debug-cycles", "-a"],
            Assert.Single(task.Commands).Argv);
        Assert.Equal(-5, task.FrameStart);
        Assert.Equal(5, task.FrameEnd);
        Assert.Equal("OPEN_EXR", task.Format);
    }

    [Fact]
    public void Null_optional_fields_mean_their_defaults()
    {
        var task = CompileOk("""
            {"filepath": "a.blend", "frame_start": 3, "frame_end": 3, "format": null, "output": null,
             "engine": null, "extra_args": null}
            """);

        Assert.Equal(["blender", "-b", "-Y", "a.blend", "-F", "PNG", "-s", "3", "-e", "3", "-a"], Assert.Single(task.Commands).Argv);
        Assert.Equal("PNG", task.Format);
    }

    [Theory]
    [InlineData("TARGA", "TGA")]
    [InlineData("TARGA_RAW", "RAWTGA")]
    [InlineData("JPEG2000", "JP2")]
    [InlineData("AVI_JPEG", "AVIJPEG")]
    [InlineData("AVI_RAW", "AVIRAW")]
    [InlineData("OPEN_EXR_MULTILAYER", "OPEN_EXR_MULTILAYER")]
    [InlineData("FFMPEG", "FFMPEG")]
    public void Formats_are_passed_to_F_in_blenders_command_line_spelling(string format, string cliName)
    {
        var task = CompileOk($$"""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2, "format": "{{format}}"}""");

        var argv = Assert.Single(task.Commands).Argv;
        Assert.Equal(cliName, argv[argv.ToList().IndexOf("-F") + 1]);
        Assert.Equal(format, task.Format);
    }

    [Fact]
    public void Every_listed_format_is_accepted()
    {
        string[] expected = ["PNG", "OPEN_EXR", "OPEN_EXR_MULTILAYER", "JPEG", "JPEG2000", "BMP", "IRIS", "TARGA",
            "TARGA_RAW", "CINEON", "DPX", "HDR", "TIFF", "WEBP", "AVI_JPEG", "AVI_RAW", "FFMPEG"];

        Assert.Equal(expected.Order(), BlenderRenderCompiler.Formats.Order());
        foreach (var format in expected)
            CompileOk($$"""{"filepath": "a.blend", "frame_start": 1, "frame_end": 1, "format": "{{format}}"}""");
    }

    [Fact]
    public void The_frame_limits_themselves_are_accepted()
    {
        var task = CompileOk("""{"filepath": "a.blend", "frame_start": -1048574, "frame_end": 1048574}""");

        Assert.Equal(-1048574, task.FrameStart);
        Assert.Equal(1048574, task.FrameEnd);
    }

    [Theory]
    [InlineData("""{"frame_start": 1, "frame_end": 2}""")]
    [InlineData("""{"filepath": null, "frame_start": 1, "frame_end": 2}""")]
    [InlineData("""{"filepath": "", "frame_start": 1, "frame_end": 2}""")]
    [InlineData("""{"filepath": 7, "frame_start": 1, "frame_end": 2}""")]
    [InlineData("""{"filepath": "-P evil.py", "frame_start": 1, "frame_end": 2}""")]
    public void A_missing_or_unusable_filepath_is_an_error(string json)
    {
        var errors = CompileErrors(json);

        Assert.Equal(["filepath"], errors.Keys);
    }

    [Theory]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_end": 2}""")]
    [InlineData("frame_end", """{"filepath": "a.blend", "frame_start": 1}""")]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": null, "frame_end": 2}""")]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": "1", "frame_end": 2}""")]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": 1.5, "frame_end": 2}""")]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": 1.0, "frame_end": 2}""")]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": 1e2, "frame_end": 200}""")]
    [InlineData("frame_end", """{"filepath": "a.blend", "frame_start": 1, "frame_end": true}""")]
    [InlineData("frame_end", """{"filepath": "a.blend", "frame_start": 1, "frame_end": [2]}""")]
    public void Missing_or_non_integer_frames_are_errors(string field, string json)
    {
        var errors = CompileErrors(json);

        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("frame_start", """{"filepath": "a.blend", "frame_start": -1048575, "frame_end": 2}""")]
    [InlineData("frame_end", """{"filepath": "a.blend", "frame_start": 1, "frame_end": 1048575}""")]
    [InlineData("frame_end", """{"filepath": "a.blend", "frame_start": 1, "frame_end": 99999999999999999999999}""")]
    public void Frames_outside_blenders_limits_are_errors(string field, string json)
    {
        var errors = CompileErrors(json);

        Assert.Equal([field], errors.Keys);
        Assert.Contains("-1048574", Assert.Single(errors[field]));
    }

    [Fact]
    public void An_end_before_the_start_is_an_error_on_frame_end()
    {
        var errors = CompileErrors("""{"filepath": "a.blend", "frame_start": 10, "frame_end": 9}""");

        Assert.Equal(["frame_end"], errors.Keys);
    }

    [Theory]
    [InlineData("\"png\"")]
    [InlineData("\"TGA\"")]
    [InlineData("\"GIF\"")]
    [InlineData("\"\"")]
    [InlineData("5")]
    public void An_unknown_or_non_string_format_is_an_error(string format)
    {
        var errors = CompileErrors($$"""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2, "format": {{format}}}""");

        Assert.Equal(["format"], errors.Keys);
    }

    [Theory]
    [InlineData("output", "3")]
    [InlineData("output", "\"\"")]
    [InlineData("engine", "[\"CYCLES\"]")]
    [InlineData("engine", "\"\"")]
    [InlineData("extra_args", "\"-t 8\"")]
    [InlineData("extra_args", "[\"-t\", 8]")]
    [InlineData("extra_args", "[\"a\\u0000b\"]")]
    [InlineData("output", "\"-P\"")]
    [InlineData("engine", "\"--python-expr\"")]
    public void Wrongly_typed_optional_fields_are_errors(string field, string value)
    {
        var errors = CompileErrors($$"""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2, "{{field}}": {{value}}}""");

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var errors = CompileErrors("""{"frame_start": "x", "frame_end": 2.5, "format": "GIF", "engine": 1}""");

        Assert.Equal(["engine", "filepath", "format", "frame_end", "frame_start"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"filepath\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Settings_that_are_not_an_object_are_an_error_on_settings(string json)
    {
        var errors = CompileErrors(json);

        Assert.Equal(["settings"], errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{filepath: 'a.blend'}")]
    [InlineData("""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2,}""")]
    [InlineData("""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2} trailing""")]
    [InlineData("""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2, "frame_end": 3}""")]
    public void Malformed_json_is_an_error_on_settings(string json)
    {
        var errors = CompileErrors(json);

        Assert.Equal(["settings"], errors.Keys);
    }

    /// <summary>Every option of Blender 3.4's --help that runs code or turns scripts on (also as --opt=value).</summary>
    [Theory]
    [InlineData("-P", "x.py")]
    [InlineData("--python", "x.py")]
    [InlineData("--python=x.py")]
    [InlineData("-P=x.py")]
    [InlineData("--python-text", "Text")]
    [InlineData("--python-expr", "import os")]
    [InlineData("--python-expr=import os")]
    [InlineData("--python-console")]
    [InlineData("-y")]
    [InlineData("--enable-autoexec")]
    [InlineData("--addons", "evil_addon")]
    [InlineData("--addons=evil_addon")]
    [InlineData("--app-template", "evil")]
    [InlineData("--python-use-system-env")]
    [InlineData("--env-system-scripts", "/tmp/scripts")]
    [InlineData("--env-system-python", "/tmp/py")]
    [InlineData("--env-system-datafiles", "/tmp/data")]
    [InlineData("--enable-event-simulate")]
    [InlineData("--open-last")]
    [InlineData("--", "-P", "x.py")]
    public void Extra_args_that_run_code_are_an_error_naming_the_option(params string[] args)
    {
        var errors = CompileErrors(WithExtraArgs(args));

        Assert.Equal(["extra_args"], errors.Keys);
        var option = args[0].Split('=')[0];
        Assert.Contains($"must not contain {option}:", Assert.Single(errors["extra_args"]));
    }

    [Theory]
    [InlineData("Harmless options hiding code after a value", "-t", "8", "--python-expr", "print(1)")]
    [InlineData("an option Blender 3.4 does not list", "--python-module", "x")]
    [InlineData("an allowed option in a form Blender does not read", "--threads=8")]
    [InlineData("a value that reads as an option", "-S", "-P")]
    [InlineData("an option missing its value, which would swallow -a", "-S")]
    [InlineData("a bare argument, opened as another .blend", "/other.blend")]
    [InlineData("writes a file anywhere", "--log-file", "/etc/cron.d/x")]
    [InlineData("window options, which do nothing in the background", "-p", "0", "0", "10", "10")]
    public void Extra_args_must_be_known_harmless_options_with_their_values(string why, params string[] args)
    {
        var errors = CompileErrors(WithExtraArgs(args));

        Assert.True(errors.ContainsKey("extra_args"), why);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("-t", "8")]
    [InlineData("--threads", "0", "-x", "1")]
    [InlineData("-f", "-2")] // a relative frame is a negative number, a value and not an option
    [InlineData("-S", "Scene.001", "--frame-jump", "2")]
    [InlineData("-Y", "--factory-startup", "--python-exit-code", "1")]
    [InlineData("--log", "render.*", "--log-level", "-1", "--debug-python", "-noaudio")]
    public void Harmless_extra_args_go_just_before_a(params string[] args)
    {
        var argv = Assert.Single(CompileOk(WithExtraArgs(args)).Commands).Argv;

        Assert.Equal(["blender", "-b", "-Y", "a.blend"], argv.Take(4));
        Assert.Equal([.. args, "-a"], argv.Skip(argv.Count - args.Length - 1));
    }

    [Fact]
    public void Auto_run_scripts_are_off_before_the_file_loads()
    {
        var argv = Assert.Single(CompileOk("""{"filepath": "a.blend", "frame_start": 1, "frame_end": 1}""").Commands).Argv.ToList();

        Assert.True(argv.IndexOf("-Y") is > 0 and var y && y < argv.IndexOf("a.blend"), string.Join(" ", argv));
        Assert.DoesNotContain("-y", argv);
    }

    [Fact]
    public void Unsafe_extra_args_are_reported_with_the_other_problems()
    {
        var errors = CompileErrors("""{"filepath": "a.blend", "frame_start": 2, "frame_end": 1, "extra_args": ["-P", "x.py"]}""");

        Assert.Equal(["extra_args", "frame_end"], errors.Keys.Order());
    }

    private static string WithExtraArgs(string[] args) =>
        $$"""{"filepath": "a.blend", "frame_start": 1, "frame_end": 2, "extra_args": {{System.Text.Json.JsonSerializer.Serialize(args)}}}""";
}
