using System.Globalization;

namespace Manager.Worker;

/// <summary>
/// A small JPEG of a rendered frame for the manager's last-frame picture, made by <c>ffmpeg</c> (the worker already
/// runs it for a job's video): the longest side at most <see cref="MaxSide"/>, at most <see cref="MaxBytes"/>.
/// Whatever ffmpeg cannot read (a multi-layer EXR, say) gives no picture.
/// </summary>
internal static class FramePicture
{
    public const int MaxSide = 640;

    /// <summary>The manager's default limit (Manager:MaxLastFrameBytes); a larger picture is not sent.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <c>ffmpeg</c>'s arguments: the file as one picture (image2 without a <c>%d</c> pattern, so any file name is
    /// read as it is), scaled down to fit <see cref="MaxSide"/> × <see cref="MaxSide"/> keeping its shape (never up).
    /// </summary>
    public static IReadOnlyList<string> FfmpegArguments(string source, string target) =>
    [
        "-v", "error", "-nostdin", "-y", "-f", "image2", "-pattern_type", "none", "-i", source, "-frames:v", "1",
        "-vf", string.Create(CultureInfo.InvariantCulture,
            $"scale=w='min({MaxSide},iw)':h='min({MaxSide},ih)':force_original_aspect_ratio=decrease"),
        "-q:v", "5", target,
    ];

    /// <summary>The picture's bytes, or null and why not.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg cannot be started (not installed).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was canceled.</exception>
    /// <param name="program">The ffmpeg to run: the one on PATH.</param>
    public static async Task<(byte[]? Jpeg, string? Problem)> MakeAsync(string source, string target, CancellationToken ct, string program = "ffmpeg")
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        string? lastLine = null;
        try
        {
            var result = await CommandRunner.RunAsync(new PlannedCommand("last frame", program, FfmpegArguments(source, target)),
                Path.GetDirectoryName(target)!, line => lastLine = line, stop: bounded.Token);
            ct.ThrowIfCancellationRequested();
            if (result.Killed) return (null, $"ffmpeg took longer than {Timeout.TotalSeconds:0} s");
            if (result.ExitCode != 0) return (null, $"ffmpeg cannot read {source}: {lastLine ?? $"exit code {result.ExitCode}"}");
            var jpeg = await File.ReadAllBytesAsync(target, ct);
            return jpeg.Length > MaxBytes ? (null, $"the picture of {source} is {jpeg.Length} bytes, over {MaxBytes}") : (jpeg, null);
        }
        catch (IOException e)
        {
            return (null, e.Message);
        }
        finally
        {
            File.Delete(target);
        }
    }
}
