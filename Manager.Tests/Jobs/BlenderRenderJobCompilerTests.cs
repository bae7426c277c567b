using Manager.Actors.Compilers;
using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class BlenderRenderJobCompilerTests
{
    private static IReadOnlyList<JobTaskSpec> CompileOk(string json)
    {
        var result = BlenderRenderJobCompiler.Compile(json);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Empty(result.Errors);
        return result.Tasks!;
    }

    private static IReadOnlyDictionary<string, string[]> CompileErrors(string json)
    {
        var result = BlenderRenderJobCompiler.Compile(json);
        Assert.False(result.IsValid);
        Assert.Null(result.Tasks);
        return result.Errors;
    }

    private static string Frames(JobTaskSpec task) =>
        task.Compiled.FrameStart == task.Compiled.FrameEnd ? $"{task.Compiled.FrameStart}" : $"{task.Compiled.FrameStart}-{task.Compiled.FrameEnd}";

    private static IReadOnlyList<string> Argv(JobTaskSpec task) => Assert.Single(task.Compiled.Commands).Argv;

    [Fact]
    public void Minimal_job_one_blender_render_task_per_frame_in_order()
    {
        var tasks = CompileOk("""{"filepath": "/shots/a.blend", "frames": "3,1-2"}""");

        Assert.Equal(["1", "2", "3"], tasks.Select(Frames));
        Assert.All(tasks, t =>
        {
            Assert.Equal("blender_render", t.Type);
            Assert.False(t.Preview);
            Assert.Empty(t.DependsOn);
        });
        Assert.Equal("""{"filepath":"/shots/a.blend","frame_start":1,"frame_end":1}""", tasks[0].Settings);
        Assert.Equal(["blender", "-b", "-Y", "/shots/a.blend", "-F", "PNG", "-s", "1", "-e", "1", "-a"], Argv(tasks[0]));
    }

    [Fact]
    public void The_settings_are_what_the_task_compiler_accepts_and_compiles_the_same()
    {
        var tasks = CompileOk("""{"filepath": "/shots/a.blend", "frames": "1-4", "chunk_size": 2, "format": "JPEG", "output": "/out/ä_####"}""");

        foreach (var task in tasks)
        {
            Assert.True(TaskCompilers.TryGet(task.Type, out var compiler));
            var again = compiler.Compile(task.Settings);
            Assert.True(again.IsValid);
            Assert.Equal(task.Compiled.Commands.Single().Argv, again.Task!.Commands.Single().Argv);
            Assert.Equal(task.Compiled.FrameStart, again.Task.FrameStart);
            Assert.Equal(task.Compiled.FrameEnd, again.Task.FrameEnd);
        }
        Assert.Equal("""{"filepath":"/shots/a.blend","format":"JPEG","output":"/out/ä_####","frame_start":3,"frame_end":4}""", tasks[1].Settings);
    }

    [Fact]
    public void Task_fields_pass_through_to_every_render_task()
    {
        var tasks = CompileOk("""
            {"filepath": "/shots/a.blend", "frames": "10-11", "chunk_size": 5, "format": "TARGA", "output": "//out/f_##",
             "engine": "CYCLES", "extra_args": ["-t", "8"], "ignored": 1}
            """);

        Assert.Equal(
            ["blender", "-b", "-Y", "/shots/a.blend", "-E", "CYCLES", "-o", "//out/f_##", "-F", "TGA", "-s", "10", "-e", "11", "-t", "8", "-a"],
            Argv(Assert.Single(tasks)));
        Assert.Equal("TARGA", tasks[0].Compiled.Format);
    }

    [Fact]
    public void Chunks_are_contiguous_runs_of_at_most_chunk_size()
    {
        var tasks = CompileOk("""{"filepath": "/a.blend", "frames": "1-10,20", "chunk_size": 4}""");
        Assert.Equal(["1-4", "5-8", "9-10", "20"], tasks.Select(Frames));
    }

    [Fact]
    public void Sequential_is_the_default_order_and_ignores_preview_step()
    {
        var byDefault = CompileOk("""{"filepath": "/a.blend", "frames": "1-6", "chunk_size": 3, "preview_step": 2}""");
        var sequential = CompileOk("""{"filepath": "/a.blend", "frames": "1-6", "chunk_size": 3, "frame_order": "sequential"}""");
        Assert.Equal(["1-3", "4-6"], byDefault.Select(Frames));
        Assert.Equal(["1-3", "4-6"], sequential.Select(Frames));
        Assert.DoesNotContain(byDefault, t => t.Preview);
    }

    [Fact]
    public void Preview_first_puts_one_frame_previews_before_the_chunks()
    {
        var tasks = CompileOk("""{"filepath": "/a.blend", "frames": "1-12", "chunk_size": 3, "frame_order": "preview_first", "preview_step": 4}""");

        Assert.Equal(["1", "5", "9", "12", "2-4", "6-8", "10-11"], tasks.Select(Frames));
        Assert.Equal([true, true, true, true, false, false, false], tasks.Select(t => t.Preview));
        Assert.All(tasks, t => Assert.Empty(t.DependsOn));
    }

    [Fact]
    public void Preview_step_defaults_to_10()
    {
        var tasks = CompileOk("""{"filepath": "/a.blend", "frames": "1-25", "chunk_size": 100, "frame_order": "preview_first"}""");
        Assert.Equal(["1", "11", "21", "25", "2-10", "12-20", "22-24"], tasks.Select(Frames));
    }

    [Fact]
    public void Video_task_runs_ffmpeg_after_every_render_task()
    {
        var tasks = CompileOk("""
            {"filepath": "/a.blend", "frames": "1-12", "chunk_size": 3, "frame_order": "preview_first", "preview_step": 4,
             "output": "/renders/shot_####", "video": {"fps": 25, "output": "/renders/shot.mp4"}}
            """);

        Assert.Equal(8, tasks.Count);
        var video = tasks[^1];
        Assert.Equal("exec_command", video.Type);
        Assert.False(video.Preview);
        Assert.Equal(Enumerable.Range(0, 7), video.DependsOn);
        Assert.All(tasks.SkipLast(1), t => Assert.Empty(t.DependsOn));
        Assert.DoesNotContain(tasks, t => t.DependsOn.Contains(tasks.Count - 1));

        var command = Assert.Single(video.Compiled.Commands);
        Assert.Equal("exec", command.Name);
        Assert.Equal(
            ["ffmpeg", "-nostdin", "-y", "-f", "image2", "-start_number", "1", "-framerate", "25", "-i", "file:/renders/shot_%04d.png",
             "-frames:v", "12", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "mp4", "file:/renders/shot.mp4"],
            command.Argv);
        Assert.Equal(1, video.Compiled.FrameStart);
        Assert.Equal(12, video.Compiled.FrameEnd);
        Assert.Equal("MP4", video.Compiled.Format);
        Assert.True(new ExecCommandCompiler().Compile(video.Settings).IsValid);

        Assert.All(tasks.SkipLast(1), t => Assert.Equal("/renders/shot_####.png", Argv(t)[Array.IndexOf(Argv(t).ToArray(), "-o") + 1]));
    }

    [Theory]
    [InlineData("/renders/shot_####", "PNG", "0-30")]
    [InlineData("/renders/a#/x_##_v2.jpeg", "JPEG", "95-105")]
    [InlineData("/renders/100%/f_#", "TIFF", "7-12")]
    public void The_files_the_renders_write_are_the_files_the_video_reads(string output, string format, string frames)
    {
        var tasks = CompileOk($$"""
            {"filepath": "/a.blend", "frames": "{{frames}}", "chunk_size": 4, "format": "{{format}}", "output": "{{output}}",
             "video": {"fps": 24, "output": "/renders/v.mp4"} }
            """);

        var written = new List<string>();
        foreach (var task in tasks.SkipLast(1))
        {
            var argv = Argv(task).ToArray();
            var o = argv[Array.IndexOf(argv, "-o") + 1];
            for (var f = int.Parse(argv[Array.IndexOf(argv, "-s") + 1]); f <= int.Parse(argv[Array.IndexOf(argv, "-e") + 1]); f++)
                written.Add(FramePatternTests.BlenderFile(o, f, format));
        }

        var ffmpeg = Argv(tasks[^1]).ToArray();
        var input = ffmpeg[Array.IndexOf(ffmpeg, "-i") + 1];
        var first = int.Parse(ffmpeg[Array.IndexOf(ffmpeg, "-start_number") + 1]);
        var count = int.Parse(ffmpeg[Array.IndexOf(ffmpeg, "-frames:v") + 1]);
        var read = Enumerable.Range(first, count).Select(f => FramePatternTests.FfmpegFile(input, f)).ToList();

        Assert.Equal(written, read);
    }

    [Fact]
    public void Extra_args_that_change_the_files_are_fine_without_a_video()
    {
        CompileOk("""{"filepath": "/a.blend", "frames": "1", "extra_args": ["-o", "/x/f_#", "-S", "Scene.001", "-x", "0"]}""");
    }

    [Fact]
    public void The_largest_job_compiles_with_a_video_that_depends_on_every_frame()
    {
        var tasks = CompileOk("""{"filepath": "/a.blend", "frames": "0-99999", "frame_order": "preview_first", "output": "/r/f_#####", "video": {"fps": 30, "output": "/r/f.mp4"}}""");
        Assert.Equal(100_001, tasks.Count);
        Assert.Equal(100_000, tasks[^1].DependsOn.Count);
    }

    // ---- validation

    [Theory]
    [InlineData("chunk_size", "0")]
    [InlineData("chunk_size", "1001")]
    [InlineData("chunk_size", "2.5")]
    [InlineData("chunk_size", "\"4\"")]
    [InlineData("preview_step", "1")]
    [InlineData("preview_step", "10001")]
    [InlineData("preview_step", "true")]
    [InlineData("frame_order", "\"random\"")]
    [InlineData("frame_order", "\"Sequential\"")]
    [InlineData("frame_order", "3")]
    [InlineData("video", "\"/r/v.mp4\"")]
    [InlineData("video", "[]")]
    public void Out_of_range_or_mistyped_job_fields(string field, string value)
    {
        var errors = CompileErrors($$"""{"filepath": "/a.blend", "frames": "1-10", "output": "/r/f_##", "{{field}}": {{value}}}""");
        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("chunk_size", "1")]
    [InlineData("chunk_size", "1000")]
    [InlineData("preview_step", "2")]
    [InlineData("preview_step", "10000")]
    [InlineData("chunk_size", "null")]
    [InlineData("preview_step", "null")]
    [InlineData("frame_order", "null")]
    [InlineData("video", "null")]
    public void Bounds_and_null_are_accepted(string field, string value)
    {
        CompileOk($$"""{"filepath": "/a.blend", "frames": "1-10", "{{field}}": {{value}}}""");
    }

    [Theory]
    [InlineData("""{"fps": 0, "output": "/r/v.mp4"}""", "video.fps")]
    [InlineData("""{"fps": 241, "output": "/r/v.mp4"}""", "video.fps")]
    [InlineData("""{"fps": 23.976, "output": "/r/v.mp4"}""", "video.fps")]
    [InlineData("""{"output": "/r/v.mp4"}""", "video.fps")]
    [InlineData("""{"fps": 24}""", "video.output")]
    [InlineData("""{"fps": 24, "output": "/r/v.mov"}""", "video.output")]
    [InlineData("""{"fps": 24, "output": ".mp4"}""", "video.output")]
    [InlineData("""{"fps": 24, "output": "v.mp4"}""", "video.output")]
    [InlineData("""{"fps": 24, "output": "//v.mp4"}""", "video.output")]
    [InlineData("""{"fps": 24, "output": ""}""", "video.output")]
    public void Invalid_video_fields(string video, string field)
    {
        var errors = CompileErrors($$"""{"filepath": "/a.blend", "frames": "1-10", "output": "/r/f_##", "video": {{video}}}""");
        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("240")]
    public void Fps_bounds_are_accepted(string fps)
    {
        var tasks = CompileOk($$"""{"filepath": "/a.blend", "frames": "1-10", "output": "/r/f_##", "video": {"fps": {{fps}}, "output": "/r/V.MP4"} }""");
        var argv = Argv(tasks[^1]).ToArray();
        Assert.Equal(fps, argv[Array.IndexOf(argv, "-framerate") + 1]);
    }

    [Fact]
    public void A_video_needs_frames_without_gaps()
    {
        var errors = CompileErrors("""{"filepath": "/a.blend", "frames": "1-10,12-20", "output": "/r/f_##", "video": {"fps": 24, "output": "/r/v.mp4"}}""");
        Assert.Equal(["video"], errors.Keys);
        Assert.Contains("jumps from 10 to 12", errors["video"].Single());
    }

    [Theory]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3"}""", "output", "output is required for a video")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3", "output": "/r/frame"}""", "output", "run of '#'")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3", "output": "r/f_##"}""", "output", "absolute")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3", "output": "/r/f_##", "format": "OPEN_EXR"}""", "format", "image formats")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3", "output": "/r/f_##", "extra_args": ["-F", "JPEG"]}""", "extra_args", "changes the files")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1-3", "output": "/r/f_##", "extra_args": ["--scene", "B"]}""", "extra_args", "changes the files")]
    public void What_a_video_needs_from_the_render(string settings, string field, string message)
    {
        var errors = CompileErrors(settings.Replace("\"1-3\"", "\"1-3\", \"video\": {\"fps\": 24, \"output\": \"/r/v.mp4\"}"));
        Assert.Equal([field], errors.Keys);
        Assert.Contains(message, errors[field].Single());
    }

    [Theory]
    [InlineData("-s")]
    [InlineData("--frame-end")]
    [InlineData("-j")]
    [InlineData("-f")]
    public void Extra_args_must_not_set_frames(string option)
    {
        var errors = CompileErrors($$"""{"filepath": "/a.blend", "frames": "1-3", "extra_args": ["{{option}}", "2"]}""");
        Assert.Equal(["extra_args"], errors.Keys);
        Assert.Contains("sets frames", errors["extra_args"].Single());
    }

    [Theory]
    [InlineData("""{"frames": "1"}""", "filepath")]
    [InlineData("""{"filepath": "-x.blend", "frames": "1"}""", "filepath")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1", "format": "GIF"}""", "format")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1", "output": "-o"}""", "output")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1", "engine": ""}""", "engine")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1", "extra_args": ["-P", "x.py"]}""", "extra_args")]
    [InlineData("""{"filepath": "/a.blend", "frames": "1", "extra_args": "-t 8"}""", "extra_args")]
    public void Task_fields_are_checked_by_the_task_compiler(string settings, string field)
    {
        var errors = CompileErrors(settings);
        Assert.Equal([field], errors.Keys);
        Assert.Single(errors[field]); // reported once, not by the job and the task compiler both
    }

    [Fact]
    public void A_malformed_frame_list_names_its_position()
    {
        var errors = CompileErrors("""{"filepath": "/a.blend", "frames": "1-10,20-3"}""");
        Assert.Equal("frames: position 5: '20-3' is a reversed range (20 > 3); write it as 3-20", errors["frames"].Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData(", \"frames\": null")]
    [InlineData(", \"frames\": \"\"")]
    [InlineData(", \"frames\": 5")]
    [InlineData(", \"frames\": [\"1-5\"]")]
    public void Frames_are_a_required_string(string frames)
    {
        Assert.Equal(["frames"], CompileErrors("{\"filepath\": \"/a.blend\"" + frames + "}").Keys);
    }

    [Fact]
    public void More_than_100000_frames_is_refused()
    {
        var errors = CompileErrors("""{"filepath": "/a.blend", "frames": "1-100001"}""");
        Assert.Contains("more than 100,000", errors["frames"].Single());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = CompileErrors("""
            {"frames": "x", "chunk_size": 0, "frame_order": "z", "preview_step": 0, "format": "GIF",
             "video": {"fps": 0, "output": "v.avi"}}
            """);
        Assert.Equal(["chunk_size", "filepath", "format", "frame_order", "frames", "preview_step", "video.fps", "video.output"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"frames": "1", "frames": "2", "filepath": "/a.blend"}""")]
    public void Settings_must_be_one_json_object(string json)
    {
        Assert.Equal(["settings"], CompileErrors(json).Keys);
    }
}
