using System.Diagnostics;

namespace Manager.Tests.Support;

/// <summary>Reads a picture's or video's properties with the real <c>ffprobe</c>.</summary>
public static class Ffprobe
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Runs <c>ffprobe</c> with these arguments and answers what it printed, trimmed; fails on a non-zero exit.</summary>
    public static async Task<string> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var command = $"ffprobe {string.Join(' ', arguments)}";
        var (exitCode, output, error) = await ChildProcess.RunToExit(start, Bound, command);
        Assert.True(exitCode == 0, $"{command} exited with {exitCode}: {error}");
        return output.Trim();
    }

    /// <summary>The codec name, width and height of the file's first video stream (a picture's too).</summary>
    public static async Task<(string Codec, int Width, int Height)> Picture(string path)
    {
        var fields = (await Run("-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path)).Split(',');
        return (fields[0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
