using System.Globalization;
using System.Text.RegularExpressions;
using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class FramePatternTests
{
    private static FramePattern Of(string output, string format = "PNG")
    {
        var pattern = FramePattern.Of(output, format, out var problem);
        Assert.True(pattern is not null, problem);
        Assert.Null(problem);
        return pattern!;
    }

    private static string Problem(string output, string format = "PNG")
    {
        Assert.Null(FramePattern.Of(output, format, out var problem));
        return problem!;
    }

    [Fact]
    public void The_hash_run_becomes_percent_0Nd_and_the_extension_is_written_out()
    {
        var pattern = Of("/renders/shot_####");
        Assert.Equal(new FramePattern("/renders/shot_", 4, ".png"), pattern);
        Assert.Equal("/renders/shot_####.png", pattern.BlenderOutput);
        Assert.Equal("file:/renders/shot_%04d.png", pattern.FfmpegInput);
        Assert.Equal("/renders/shot_0042.png", pattern.FileOf(42));
        Assert.Equal("/renders/shot_12345.png", pattern.FileOf(12345));
    }

    [Theory]
    [InlineData("/r/f_##.png", "PNG", "/r/f_", 2, ".png")]
    [InlineData("/r/f_##.PNG", "PNG", "/r/f_", 2, ".PNG")]            // Blender accepts its extension in any case
    [InlineData("/r/f_###.jpeg", "JPEG", "/r/f_", 3, ".jpeg")]
    [InlineData("/r/f_###", "JPEG", "/r/f_", 3, ".jpg")]
    [InlineData("/r/f_#", "TIFF", "/r/f_", 1, ".tif")]
    [InlineData("/r/f_#", "TARGA_RAW", "/r/f_", 1, ".tga")]
    [InlineData("/r/f_#", "IRIS", "/r/f_", 1, ".rgb")]
    [InlineData("/r/a#b/shot_###_v2", "PNG", "/r/a#b/shot_", 3, "_v2.png")]  // '#' in a directory name stays as it is
    [InlineData("/r/##x###", "PNG", "/r/##x", 3, ".png")]                // the last run in the file name is the frame
    [InlineData("/r/f_####.mov", "PNG", "/r/f_", 4, ".mov.png")]         // not an image extension: Blender appends
    [InlineData(@"C:\renders\f_####", "PNG", @"C:\renders\f_", 4, ".png")]
    [InlineData(@"\\farm\renders\f_####", "PNG", @"\\farm\renders\f_", 4, ".png")]
    public void Pattern_of_an_output(string output, string format, string prefix, int digits, string suffix)
    {
        Assert.Equal(new FramePattern(prefix, digits, suffix), Of(output, format));
    }

    [Fact]
    public void A_literal_percent_is_escaped_for_ffmpeg_only()
    {
        var pattern = Of("/r/100%/f_##_50%");
        Assert.Equal("/r/100%/f_##_50%.png", pattern.BlenderOutput);
        Assert.Equal("file:/r/100%%/f_%02d_50%%.png", pattern.FfmpegInput);
    }

    [Theory]
    [InlineData("renders/f_####", "absolute")]
    [InlineData("//renders/f_####", "absolute")]
    [InlineData("C:renders/f_####", "absolute")]
    [InlineData("/renders/frame", "run of '#'")]
    [InlineData("/renders/##/frame", "run of '#'")]
    [InlineData("/renders/{scene}_####", "'{' or '}'")]
    [InlineData("/renders/f_####.jpg", "not the extension of PNG files")]
    [InlineData("/renders/f_####.exr", "not the extension of PNG files")]
    public void Outputs_a_video_cannot_be_made_from(string output, string expected)
    {
        Assert.Contains(expected, Problem(output));
    }

    [Theory]
    [InlineData("OPEN_EXR")]
    [InlineData("OPEN_EXR_MULTILAYER")]
    [InlineData("HDR")]
    [InlineData("CINEON")]
    [InlineData("FFMPEG")]
    [InlineData("AVI_JPEG")]
    public void Formats_a_video_cannot_be_made_from(string format)
    {
        Assert.Contains("a video is made from the format", Problem("/r/f_####", format));
    }

    [Theory]
    [InlineData("/r/shot_####", "PNG")]
    [InlineData("/r/a#b/x_###_v2.JPG", "JPEG")]
    [InlineData("/r/100%/f_#", "TIFF")]
    [InlineData("/r/f_###_%d%%", "PNG")]
    [InlineData(@"C:\r\##x##", "BMP")]
    public void Blender_and_ffmpeg_name_every_frame_the_same_file(string output, string format)
    {
        var pattern = Of(output, format);
        foreach (var frame in new[] { 0, 1, 9, 10, 99, 100, 1234, 99_999, 1_048_574 })
        {
            var blender = BlenderFile(pattern.BlenderOutput, frame, format);
            Assert.Equal(blender, FfmpegFile(pattern.FfmpegInput, frame));
            Assert.Equal(blender, pattern.FileOf(frame));
        }
    }

    /// <summary>What Blender 3.4 writes for -o <paramref name="output"/>: the last '#' run of the file name as the zero-padded frame, and the format's extension ensured.</summary>
    internal static string BlenderFile(string output, int frame, string format)
    {
        var nameStart = Math.Max(output.LastIndexOf('/'), output.LastIndexOf('\\')) + 1;
        var end = output.LastIndexOf('#');
        Assert.True(end >= nameStart, "the output has no '#' in its file name");
        var start = end;
        while (start > nameStart && output[start - 1] == '#') start--;
        var path = output[..start] + frame.ToString(new string('0', end - start + 1), CultureInfo.InvariantCulture) + output[(end + 1)..];
        var extensions = format switch
        {
            "PNG" => new[] { ".png" }, "JPEG" => [".jpg", ".jpeg"], "TIFF" => [".tif", ".tiff"], "BMP" => [".bmp"],
            _ => throw new ArgumentException(format),
        };
        return extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? path : path + extensions[0];
    }

    /// <summary>What ffmpeg's image2 demuxer opens for <paramref name="input"/> and a frame number (av_get_frame_filename).</summary>
    internal static string FfmpegFile(string input, int frame)
    {
        Assert.StartsWith("file:", input);
        var matches = Regex.Matches(input, "%0([0-9]+)d");
        var match = Assert.Single(matches);
        var digits = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var before = input[5..match.Index].Replace("%%", "%");
        var after = input[(match.Index + match.Length)..].Replace("%%", "%");
        return before + frame.ToString("D" + digits, CultureInfo.InvariantCulture) + after;
    }
}
