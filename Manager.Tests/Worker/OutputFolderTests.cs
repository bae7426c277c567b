using Manager.Actors.Jobs;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>Which folder the worker creates before a command: ffmpeg's output folder, nothing else (<see cref="OutputFolder"/>).</summary>
public class OutputFolderTests
{
    private static PlannedCommand Planned(params string[] argv) => new("video", argv[0], argv[1..]);

    [Fact]
    public void The_video_command_the_manager_writes_gets_the_folder_of_its_video()
    {
        var argv = VideoCommand.Argv(new FramePattern("/renders/shot_", 4, ".png"), new FrameRun(1, 12), 24, "/renders/videos/shot.mp4");

        Assert.Equal("/renders/videos", OutputFolder.Of(Planned(argv), "/work/task-7"));
        Assert.Equal("/renders/videos", OutputFolder.Of(Planned(["/usr/local/bin/ffmpeg", .. argv[1..]]), "/work/task-7"));
    }

    [Theory]
    [InlineData("file:out/v.mp4", "/work/task-7/out")] // relative: where ffmpeg runs
    [InlineData("/abs/dir/v.mp4", "/abs/dir")]
    [InlineData("file:/abs/a/../b/v.mp4", "/abs/b")]
    public void A_local_output_file_of_ffmpeg_gives_its_folder(string output, string folder) =>
        Assert.Equal(folder, OutputFolder.Of(Planned("ffmpeg", "-i", "file:in_%04d.png", output), "/work/task-7"));

    [Theory]
    [InlineData("ffmpeg", "-")]
    [InlineData("ffmpeg", "pipe:1")]
    [InlineData("ffmpeg", "rtmp://host/live")]
    [InlineData("ffmpeg", "relative.mp4")] // not file:, not absolute: left to ffmpeg
    [InlineData("ffmpeg", "file:")]
    [InlineData("blender", "/renders/new/shot_####")] // Blender creates its own folders
    [InlineData("/bin/sh", "/tmp/new/x")]
    public void Anything_else_gets_no_folder(string program, string last) =>
        Assert.Null(OutputFolder.Of(Planned(program, "-x", last), "/work/task-7"));

    [Fact]
    public void Ffmpeg_without_arguments_gets_no_folder() => Assert.Null(OutputFolder.Of(Planned("ffmpeg"), "/work/task-7"));
}
