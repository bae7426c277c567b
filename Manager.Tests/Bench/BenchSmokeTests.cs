using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Manager.Tests.Bench;

/// <summary>
/// Runs the benchmark's <c>smoke</c> scenario (Manager.Bench) as a process: it starts a real manager process,
/// registers 5 workers, submits 50 tasks and drives each through claim → rendering → progress → output chunk → completed
/// over HTTP (any answer that is not a success fails the run).
/// The figures come from the benchmark; this only checks that every life cycle completed and the figures were printed.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Smoke_scenario_completes_every_life_cycle_and_prints_the_figures()
    {
        var bench = BenchDll();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { bench, "smoke", "--workers", "5", "--tasks", "50", "--ceiling-seconds", "1" }) info.ArgumentList.Add(a);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the smoke benchmark did not finish in 60 s:\n{stdout}\n{stderr}");
            }
        }
        process.WaitForExit(); // flush the redirected output

        var text = stdout.ToString();
        output.WriteLine(text);
        output.WriteLine(stderr.ToString());
        Assert.True(process.ExitCode == 0, $"the benchmark exited with {process.ExitCode}:\n{text}\n{stderr}");
        Assert.Contains("RESULT smoke: 50/50 life cycles completed", text);
        Assert.Matches(@"life cycles: 50 in [0-9.]+ s = [0-9.]+ life cycles/s", text);
        Assert.Matches(@"claim latency \(task given\): p50=[0-9.]+ p95=[0-9.]+ p99=[0-9.]+ max=[0-9.]+ ms \(n=50\)", text);
        Assert.Matches(@"HTTP ceiling \(GET /healthz[^)]*\): [0-9]+ req/s", text);
        Assert.Matches(@"manager CPU [0-9.]+ s over [0-9.]+ s", text);
        Assert.Matches(@"peak RSS \(VmHWM\) [0-9]+ MB", text);
    }

    /// <summary>Manager.Bench built in the same configuration as this test assembly (dotnet test Manager.sln builds it).</summary>
    private static string BenchDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name; // .../Manager.Tests/bin/<Configuration>/net10.0
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Manager.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var project = Path.Combine(root!.FullName, "Manager.Bench");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Manager.Bench.dll");
        if (!File.Exists(dll))
        {
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"])
            {
                UseShellExecute = false,
            })!;
            build.WaitForExit();
            Assert.True(build.ExitCode == 0 && File.Exists(dll), $"could not build {project}");
        }
        return dll;
    }
}
