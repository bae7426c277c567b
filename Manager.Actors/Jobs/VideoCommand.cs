using System.Globalization;

namespace Manager.Actors.Jobs;

/// <summary>
/// The <c>ffmpeg</c> command of a job's video task: the render output read as an image sequence (image2, the
/// <c>#</c> run as <c>%0Nd</c>) from the first frame, at the job's fps, encoded as H.264 in an MP4.
/// </summary>
/// <remarks>
/// <c>-nostdin</c>: nothing waits for a terminal. <c>-y</c>: a job rendered again replaces its video.
/// <c>-frames:v</c>: exactly the job's frames, even when files of a longer earlier render follow them.
/// <c>file:</c> before both paths: ffmpeg only reads and writes local files, never a URL or another protocol.
/// The pad filter rounds an odd width or height up to even (one black line), which H.264 in yuv420p needs.
/// </remarks>
public static class VideoCommand
{
    public const string Program = "ffmpeg";

    public const int MinFps = 1, MaxFps = 240;

    public static string[] Argv(FramePattern frames, FrameRun run, int fps, string videoOutput) =>
    [
        Program, "-nostdin", "-y",
        "-f", "image2", "-start_number", Invariant(run.Start), "-framerate", Invariant(fps), "-i", frames.FfmpegInput,
        "-frames:v", Invariant(run.Count),
        "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p",
        "-f", "mp4", "file:" + videoOutput,
    ];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
