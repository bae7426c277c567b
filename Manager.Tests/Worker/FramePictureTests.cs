using System.Diagnostics;
using Manager.Tests.EndToEnd;
using Manager.Tests.Support;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>The worker's last-frame picture, made by the real ffmpeg from pictures ffmpeg itself draws (read back with ffprobe).</summary>
public sealed class FramePictureTests : IDisposable
{
    private readonly TempDirectory _dir = new("frame-picture");

    private async Task<string> Drawn(string name, int width, int height)
    {
        var drawn = _dir.File("drawn.png");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}", "-frames:v", "1", drawn })
            start.ArgumentList.Add(argument);
        var (exit, _, error) = await ChildProcess.RunToExit(start, TimeSpan.FromSeconds(20), "ffmpeg drawing a test picture");
        Assert.True(exit == 0, error);
        var path = _dir.File(name);
        File.Move(drawn, path, overwrite: true);
        return path;
    }

    [FfmpegFact]
    public async Task A_large_frame_becomes_a_jpeg_whose_longest_side_is_the_bound_keeping_its_shape()
    {
        foreach (var (width, height, expected) in new[] { (1920, 1080, (640, 360)), (400, 1600, (160, 640)), (100, 50, (100, 50)) })
        {
            var source = await Drawn($"frame_{width}x{height}_%04d.png", width, height); // a % in the name is read as it is

            var (jpeg, problem) = await FramePicture.MakeAsync(source, _dir.File("picture.jpg"), CancellationToken.None);

            Assert.True(jpeg is not null, problem);
            Assert.InRange(jpeg!.Length, 1, FramePicture.MaxBytes);
            var copy = _dir.File("copy.jpg");
            await File.WriteAllBytesAsync(copy, jpeg);
            Assert.Equal(("mjpeg", expected.Item1, expected.Item2), await Ffprobe.Picture(copy));
            Assert.False(File.Exists(_dir.File("picture.jpg")), "the working file was left behind");
        }
    }

    [FfmpegFact]
    public async Task A_file_ffmpeg_cannot_read_gives_no_picture_and_says_why()
    {
        var source = _dir.File("broken.png");
        await File.WriteAllTextAsync(source, "not a picture");

        var (jpeg, problem) = await FramePicture.MakeAsync(source, _dir.File("picture.jpg"), CancellationToken.None);

        Assert.Null(jpeg);
        Assert.Contains("ffmpeg cannot read", problem);
    }

    [Fact]
    public async Task Without_ffmpeg_it_says_so_by_the_exception_that_turns_pictures_off()
    {
        var source = _dir.File("frame.png");
        await File.WriteAllTextAsync(source, "never read");

        await Assert.ThrowsAsync<System.ComponentModel.Win32Exception>(() =>
            FramePicture.MakeAsync(source, _dir.File("picture.jpg"), CancellationToken.None, program: _dir.File("no-ffmpeg-here")));
    }

    public void Dispose() => _dir.Dispose();
}
