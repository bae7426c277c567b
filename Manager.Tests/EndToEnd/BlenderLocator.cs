namespace Manager.Tests.EndToEnd;

/// <summary>
/// Finds the Blender the end-to-end tests run: <c>MANAGER_TEST_BLENDER</c> (set by
/// <c>scripts/test.sh</c>), else <c>blender</c> on PATH. Without one the tests skip — except on CI
/// (<c>CI=true</c>), where a missing Blender must fail them rather than hide them.
/// </summary>
public static class BlenderLocator
{
    public const string EnvVariable = "MANAGER_TEST_BLENDER";

    private static readonly Lazy<(string? Path, string? Missing)> Found = new(Locate);

    /// <summary>The Blender executable, or <c>null</c> when there is none.</summary>
    public static string? Path => Found.Value.Path;

    /// <summary>Why there is no Blender (null when there is one).</summary>
    public static string? MissingReason => Found.Value.Missing;

    /// <summary>On CI a missing Blender is a failure, not a skip.</summary>
    public static bool RequiredByCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static (string?, string?) Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? (configured, null)
                : (null, $"{EnvVariable}={configured} does not exist");
        }

        return OnPath("blender") is { } found
            ? (found, null)
            : (null, $"no blender on PATH and {EnvVariable} is not set (scripts/test.sh installs it)");
    }

    /// <summary>The file <paramref name="program"/> (<c>.exe</c> added on Windows) in the first PATH directory that has it, or null.</summary>
    public static string? OnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (dir.Length == 0)
                continue;
            var candidate = System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? program + ".exe" : program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}

/// <summary>
/// A test that needs a real Blender: skipped when there is none, unless <c>CI=true</c> — then it
/// runs and fails (the <see cref="TinySceneFixture"/> reports why).
/// </summary>
public sealed class BlenderFactAttribute : FactAttribute
{
    public BlenderFactAttribute()
    {
        if (BlenderLocator.Path is null && !BlenderLocator.RequiredByCi)
            Skip = $"Blender not available: {BlenderLocator.MissingReason}";
    }
}

/// <summary>
/// A test that needs a real Blender and <c>ffmpeg</c> and <c>ffprobe</c> on PATH (the worker runs a job's video task
/// with the one, the test reads the video with the other): skipped when one is missing, unless <c>CI=true</c> — then it
/// runs and fails.
/// </summary>
public sealed class BlenderAndFfmpegFactAttribute : FactAttribute
{
    public static readonly string[] VideoPrograms = ["ffmpeg", "ffprobe"];

    public BlenderAndFfmpegFactAttribute()
    {
        if (BlenderLocator.RequiredByCi)
            return;
        if (BlenderLocator.Path is null)
            Skip = $"Blender not available: {BlenderLocator.MissingReason}";
        else if (VideoPrograms.FirstOrDefault(p => BlenderLocator.OnPath(p) is null) is { } missing)
            Skip = $"{missing} not on PATH (scripts/test.sh installs the Debian package ffmpeg)";
    }
}

/// <summary>A test that runs the real <c>ffmpeg</c> and <c>ffprobe</c>: skipped when one is missing from PATH, unless <c>CI=true</c>.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!BlenderLocator.RequiredByCi && BlenderAndFfmpegFactAttribute.VideoPrograms.FirstOrDefault(p => BlenderLocator.OnPath(p) is null) is { } missing)
            Skip = $"{missing} not on PATH (scripts/test.sh installs the Debian package ffmpeg)";
    }
}
