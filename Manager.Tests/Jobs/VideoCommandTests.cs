using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class VideoCommandTests
{
    [Fact]
    public void Ffmpeg_reads_the_sequence_from_the_first_frame_at_the_fps_into_h264_mp4()
    {
        var pattern = new FramePattern("/renders/shot_", 4, ".png");

        var argv = VideoCommand.Argv(pattern, new FrameRun(101, 340), fps: 24, "/renders/shot.mp4");

        Assert.Equal(
            ["ffmpeg", "-nostdin", "-y",
             "-f", "image2", "-start_number", "101", "-framerate", "24", "-i", "file:/renders/shot_%04d.png",
             "-frames:v", "240",
             "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
             "-c:v", "libx264", "-pix_fmt", "yuv420p",
             "-f", "mp4", "file:/renders/shot.mp4"],
            argv);
    }

    [Fact]
    public void The_input_is_the_patterns_own()
    {
        var pattern = new FramePattern("/r/50%_", 2, "_x.jpg");
        var argv = VideoCommand.Argv(pattern, new FrameRun(0, 0), fps: 1, "/r/v.mp4");
        Assert.Equal(pattern.FfmpegInput, argv[Array.IndexOf(argv, "-i") + 1]);
        Assert.Equal("file:/r/50%%_%02d_x.jpg", pattern.FfmpegInput);
        Assert.Equal("0", argv[Array.IndexOf(argv, "-start_number") + 1]);
        Assert.Equal("1", argv[Array.IndexOf(argv, "-frames:v") + 1]);
    }
}
