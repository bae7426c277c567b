using Manager.Actors.Compilers;

namespace Manager.Tests.Compilers;

public class ExecCommandCompilerTests
{
    private static readonly ExecCommandCompiler Compiler = new();

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
        return result.Errors;
    }

    [Fact]
    public void Names_its_type_and_default_parser()
    {
        Assert.Equal("exec_command", Compiler.Type);
        Assert.Equal("none", Compiler.DefaultParser);
        Assert.True(TaskCompilers.TryGet("exec_command", out var registered));
        Assert.IsType<ExecCommandCompiler>(registered);
    }

    [Fact]
    public void Argv_alone_yields_one_exec_command_without_range_or_format()
    {
        var task = CompileOk("""{"argv": ["/bin/echo", "hello world", "-n"], "other": 1}""");

        var command = Assert.Single(task.Commands);
        Assert.Equal("exec", command.Name);
        Assert.Equal(["/bin/echo", "hello world", "-n"], command.Argv);
        Assert.Null(task.FrameStart);
        Assert.Null(task.FrameEnd);
        Assert.Null(task.Format);
    }

    [Fact]
    public void Frame_range_and_format_describe_the_task()
    {
        var task = CompileOk("""{"argv": ["ffmpeg", "-i", "in.mov"], "frame_start": 10, "frame_end": 20, "format": "MP4"}""");

        Assert.Equal(["ffmpeg", "-i", "in.mov"], Assert.Single(task.Commands).Argv);
        Assert.Equal(10, task.FrameStart);
        Assert.Equal(20, task.FrameEnd);
        Assert.Equal("MP4", task.Format);
    }

    [Fact]
    public void Null_optional_fields_mean_absent()
    {
        var task = CompileOk("""{"argv": ["true"], "frame_start": null, "frame_end": null, "format": null}""");

        Assert.Null(task.FrameStart);
        Assert.Null(task.Format);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"argv": null}""")]
    [InlineData("""{"argv": []}""")]
    [InlineData("""{"argv": "echo hi"}""")]
    [InlineData("""{"argv": ["echo", 1]}""")]
    [InlineData("""{"argv": ["", "x"]}""")]
    [InlineData("""{"argv": ["echo", null]}""")]
    public void Argv_must_be_a_non_empty_list_of_non_empty_strings(string json)
    {
        Assert.Equal(["argv"], CompileErrors(json).Keys);
    }

    [Theory]
    [InlineData("frame_end", """{"argv": ["x"], "frame_start": 1}""")]
    [InlineData("frame_start", """{"argv": ["x"], "frame_end": 1}""")]
    [InlineData("frame_start", """{"argv": ["x"], "frame_start": "1", "frame_end": 2}""")]
    [InlineData("frame_end", """{"argv": ["x"], "frame_start": 1, "frame_end": 2.5}""")]
    [InlineData("frame_end", """{"argv": ["x"], "frame_start": 1, "frame_end": 99999999999999999999}""")]
    [InlineData("frame_end", """{"argv": ["x"], "frame_start": 5, "frame_end": 4}""")]
    [InlineData("format", """{"argv": ["x"], "format": 3}""")]
    [InlineData("format", """{"argv": ["x"], "format": ""}""")]
    public void Bad_optional_fields_are_errors(string field, string json)
    {
        Assert.Equal([field], CompileErrors(json).Keys);
    }

    [Theory]
    [InlineData("[\"echo\"]")]
    [InlineData("")]
    [InlineData("{\"argv\": [\"echo\"]")]
    public void Non_object_or_malformed_settings_are_an_error_on_settings(string json)
    {
        Assert.Equal(["settings"], CompileErrors(json).Keys);
    }
}
