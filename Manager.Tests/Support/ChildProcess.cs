using System.Diagnostics;

namespace Manager.Tests.Support;

/// <summary>Runs a program the test starts to its own exit, within a bound.</summary>
public static class ChildProcess
{
    /// <summary>The dotnet that runs the tests (<c>dotnet test</c> sets <c>DOTNET_HOST_PATH</c>), else the one on the PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Starts <paramref name="start"/> (which must redirect stdout and stderr) and waits until it exits, at most
    /// <paramref name="bound"/>; then kills its process tree and throws a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> with what it printed.
    /// </summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunToExit(ProcessStartInfo start, TimeSpan bound, string what)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not exit within {bound}:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }
}
