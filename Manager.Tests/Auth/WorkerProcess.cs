using System.Collections.Concurrent;
using System.Diagnostics;
using Manager.Tests.Support;

namespace Manager.Tests.Auth;

/// <summary>The reference worker as its own OS process (<c>dotnet Manager.Worker.dll …</c>), its output kept for waits and failure messages.</summary>
public sealed class WorkerProcess : IDisposable
{
    private static readonly string Dll =
        Path.Combine(Path.GetDirectoryName(typeof(Manager.Worker.WorkerAgent).Assembly.Location)!, "Manager.Worker.dll");

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private WorkerProcess(Process process) => _process = process;

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <param name="enrollmentToken">Given as <c>--enrollment-token</c>; null starts it with its saved credential only.</param>
    public static WorkerProcess Start(Uri manager, string hostname, string workDir, string? enrollmentToken)
    {
        string[] args = ["--manager", manager.ToString(), "--hostname", hostname, "--work-dir", workDir, "--poll-interval", "0.2", "--poll-jitter", "0"];
        var process = Process.Start(StartInfo(enrollmentToken is null ? args : [.. args, "--enrollment-token", enrollmentToken], new Dictionary<string, string>()))
            ?? throw new InvalidOperationException("dotnet did not start");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Runs the worker with these arguments and <c>MANAGER_WORKER_*</c> variables (none from the test run's
    /// environment) until it exits by itself, within <paramref name="bound"/>.
    /// </summary>
    public static Task<(int ExitCode, string Out, string Error)> RunToExit(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan bound) =>
        ChildProcess.RunToExit(StartInfo(args, environment), bound, "the worker");

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Prepend(Dll)) start.ArgumentList.Add(arg);
        // Only what this test gives: no option from the environment of the test run.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MANAGER_WORKER_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    /// <summary>Waits, up to <paramref name="bound"/>, for an output line containing <paramref name="text"/>; fails if the process ends first.</summary>
    public async Task WaitForLine(string text, TimeSpan bound)
    {
        await Wait.Until(() =>
        {
            if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            if (_process.HasExited && !_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                throw new InvalidOperationException($"the worker exited ({_process.ExitCode}) before saying '{text}':\n{Output}");
            return false;
        }, bound, $"the worker says '{text}'", () => Output, TimeSpan.FromMilliseconds(50));
    }

    /// <summary>SIGKILL, and waits (bounded) until it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        if (!_process.WaitForExit(10_000)) throw new TimeoutException($"the killed worker did not exit within 10 s:\n{Output}");
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        while (_lines.Count > 200) _lines.TryDequeue(out _);
    }
}
