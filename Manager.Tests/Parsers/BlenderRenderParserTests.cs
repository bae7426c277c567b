using System.Text;
using Manager.Actors.Parsers;
using Manager.Tests.Support;

namespace Manager.Tests.Parsers;

public class BlenderRenderParserTests
{
    private static readonly BlenderRenderParser Parser = new();

    private static string Fixture(string name) => File.ReadAllText(Fixtures.Path("blender-3.4.1", name));

    private static readonly string[] OkSavedFiles =
        ["/srv/render/out/frame_0001.png", "/srv/render/out/frame_0002.png", "/srv/render/out/frame_0003.png"];

    [Fact]
    public void Is_named_blender_render_and_registered()
    {
        Assert.Equal("blender_render", Parser.Name);
        Assert.True(OutputParsers.TryGet("blender_render", out var registered));
        Assert.IsType<BlenderRenderParser>(registered);
        Assert.True(OutputParsers.TryGet("none", out var none));
        Assert.IsType<NoneParser>(none);
        Assert.False(OutputParsers.TryGet("Blender_Render", out _));
        Assert.Equal(["blender_render", "none"], OutputParsers.Names.Order());
    }

    [Fact]
    public void A_three_frame_render_ends_on_frame_3_with_three_saved_files_and_no_error()
    {
        var parsed = Parser.Parse(Fixture("cycles-3-frames-ok.log"));

        Assert.Equal(3, parsed.FrameCurrent);
        Assert.Equal("Frame 3: Finished", parsed.Activity);
        Assert.Equal(OkSavedFiles, parsed.SavedFiles);
        Assert.Null(parsed.Error);
    }

    [Fact]
    public void A_missing_denoiser_is_reported_as_the_error()
    {
        var parsed = Parser.Parse(Fixture("cycles-denoiser-missing-fail.log"));

        Assert.Equal("Build without OpenImageDenoiser", parsed.Error);
        Assert.Equal(1, parsed.FrameCurrent);
        Assert.Empty(parsed.SavedFiles);
    }

    [Fact]
    public void A_missing_blend_file_is_reported_as_the_error()
    {
        var parsed = Parser.Parse(Fixture("missing-blend-file.log"));

        Assert.Equal("Cannot read file '/srv/render/shots/missing.blend': No such file or directory", parsed.Error);
        Assert.Null(parsed.FrameCurrent);
        Assert.Null(parsed.Activity);
        Assert.Empty(parsed.SavedFiles);
    }

    [Fact]
    public void The_ok_log_in_4_KiB_chunks_split_at_line_boundaries_gives_the_same_result()
    {
        var results = ChunksAtLineBoundaries(Fixture("cycles-3-frames-ok.log"), 4096).Select(Parser.Parse).ToList();

        Assert.True(results.Count > 1);
        Assert.Equal(3, results.Last(r => r.FrameCurrent is not null).FrameCurrent);
        Assert.Equal(OkSavedFiles, results.SelectMany(r => r.SavedFiles));
        Assert.All(results, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Crlf_line_endings_are_handled()
    {
        var parsed = Parser.Parse(Fixture("cycles-3-frames-ok.log").ReplaceLineEndings("\r\n"));

        Assert.Equal(3, parsed.FrameCurrent);
        Assert.Equal("Frame 3: Finished", parsed.Activity);
        Assert.Equal(OkSavedFiles, parsed.SavedFiles);
    }

    [Fact]
    public void An_empty_chunk_or_one_without_anything_known_is_nothing()
    {
        Assert.Same(ParsedOutput.Nothing, Parser.Parse(""));
        Assert.Same(ParsedOutput.Nothing, Parser.Parse("\r\n\n"));
        Assert.Same(ParsedOutput.Nothing, Parser.Parse("Blender 3.4.1\nRead blend: /x.blend\n"));
    }

    [Fact]
    public void A_trailing_line_without_newline_is_read_but_a_cut_off_saved_path_is_not()
    {
        var parsed = Parser.Parse("Saved: '/out/0001.png'\nFra:12 Mem:9M | Time:00:00.04 | Sample 3/8\nSaved: '/out/00");

        Assert.Equal(12, parsed.FrameCurrent);
        Assert.Equal("Frame 12: Sample 3/8", parsed.Activity);
        Assert.Equal(["/out/0001.png"], parsed.SavedFiles);

        Assert.Equal("boom", Parser.Parse("Fra:1 | x\nError: boom").Error);
    }

    [Fact]
    public void The_last_frame_line_and_the_last_error_win()
    {
        var parsed = Parser.Parse("Error: first\nFra:7 | Sample 1/1\nFra:-2 Mem:1M\nError: second  \r\n");

        Assert.Equal(-2, parsed.FrameCurrent);
        Assert.Equal("Frame -2", parsed.Activity);
        Assert.Equal("second", parsed.Error);
    }

    [Theory]
    [InlineData(" Fra:3 | indented")]
    [InlineData("Fra: 3 | space")]
    [InlineData("Fra:x | no number")]
    [InlineData("Fra:99999999999999999999 | overflow")]
    [InlineData("Info Fra:3 | not at line start")]
    [InlineData("Saved: /out/unquoted.png Time: 00:01.00")]
    [InlineData("Saved: ''")]
    [InlineData("Error:no space")]
    [InlineData("Error: ")]
    [InlineData("ERROR: not Blender's spelling")]
    public void Lines_that_do_not_match_exactly_are_ignored(string line)
    {
        Assert.Same(ParsedOutput.Nothing, Parser.Parse(line + "\n"));
    }

    [Fact]
    public void Saved_paths_may_contain_quotes_and_spaces()
    {
        var parsed = Parser.Parse("Saved: '/out/it's here/0001.png'\nSaved: \"/out/b.exr\"\n");

        Assert.Equal(["/out/it's here/0001.png", "/out/b.exr"], parsed.SavedFiles);
    }

    [Fact]
    public void A_1_MiB_chunk_is_parsed_in_one_linear_pass()
    {
        // Many frames plus one pathological 512 KiB line of separators.
        var text = new StringBuilder();
        var frame = 0;
        while (text.Length < 512 * 1024)
            text.Append("Fra:").Append(++frame).Append(" Mem:9.40M (Peak 10.83M) | Time:00:00.03 | Scene, ViewLayer | Sample 1/1\n");
        text.Append("Fra:").Append(++frame).Append(new StringBuilder().Insert(0, " | ", 512 * 1024 / 3)).Append("Finished");
        Assert.True(text.Length >= 1024 * 1024);

        var parsed = Parser.Parse(text.ToString());

        Assert.Equal(frame, parsed.FrameCurrent);
        Assert.Equal($"Frame {frame}: Finished", parsed.Activity);
    }

    /// <summary>Whole lines, each chunk at most <paramref name="size"/> characters (unless one line is longer).</summary>
    private static IEnumerable<string> ChunksAtLineBoundaries(string text, int size)
    {
        var chunk = new StringBuilder();
        foreach (var line in text.Split('\n').Select(l => l + "\n"))
        {
            if (chunk.Length > 0 && chunk.Length + line.Length > size)
            {
                yield return chunk.ToString();
                chunk.Clear();
            }
            chunk.Append(line);
        }
        if (chunk.Length > 0)
            yield return chunk.ToString();
    }
}
