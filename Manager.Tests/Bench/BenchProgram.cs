using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Manager.Tests.Bench;

/// <summary>Manager.Bench run as a process, as a user runs it: its exit code and what it printed.</summary>
internal static class BenchProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs the bench with <paramref name="args"/>; what it printed goes to <paramref name="log"/> too (the test's output).</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan timeout, ITestOutputHelper log)
    {
        var result = await RunAsync(args, timeout);
        log.WriteLine(result.Stdout);
        log.WriteLine(result.Stderr);
        return result;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Dll() }.Concat(args)) info.ArgumentList.Add(a);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Manager.Bench {string.Join(' ', args)} did not finish in {timeout.TotalSeconds} s:\n{stdout}\n{stderr}");
            }
        }
        process.WaitForExit(); // flush the redirected output
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Manager.Bench/bin/&lt;configuration of this test assembly&gt;/net10.0/Manager.Bench.dll: the test project references
    /// Manager.Bench, so building the tests builds it there.
    /// </summary>
    private static string Dll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name; // .../Manager.Tests/bin/<Configuration>/net10.0
        var dll = Path.Combine(RepoRoot(), "Manager.Bench", "bin", configuration, "net10.0", "Manager.Bench.dll");
        Assert.True(File.Exists(dll), $"{dll} not found (the test project's reference to Manager.Bench builds it)");
        return dll;
    }

    /// <summary>The directory holding Manager.sln, above the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Manager.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Manager.sln above {AppContext.BaseDirectory}");
    }
}
