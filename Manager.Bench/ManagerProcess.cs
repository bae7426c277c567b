using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Manager.Bench;

/// <summary>
/// A real manager as a separate process:
/// <c>dotnet Manager.Http.dll --urls http://127.0.0.1:PORT --Persistence:ConnectionString="Data Source=DIR/manager.db"</c>.
/// Its output is drained (the last lines are kept for error messages); its CPU time and peak RSS come from /proc.
/// </summary>
public sealed class ManagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Stopwatch _sinceStart;

    public int Port { get; }
    public Uri BaseAddress { get; }
    public string DatabasePath { get; }
    public int Pid => _process.Id;

    /// <summary>Everything the manager printed, kept next to its database (see --keep).</summary>
    private readonly StreamWriter _logFile;
    public IReadOnlyList<string> CommandLine { get; }

    private ManagerProcess(Process process, Stopwatch sinceStart, int port, string databasePath, IReadOnlyList<string> commandLine)
    {
        _process = process;
        _sinceStart = sinceStart;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        DatabasePath = databasePath;
        CommandLine = commandLine;
        _logFile = new StreamWriter(Path.Combine(Path.GetDirectoryName(databasePath)!, "manager.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static ManagerProcess Start(string managerDll, string databasePath, IEnumerable<string> extraArgs,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var port = FreePort();
        var args = new List<string>
        {
            managerDll,
            "--urls", $"http://127.0.0.1:{port}",
            $"--Persistence:ConnectionString=Data Source={databasePath}",
        };
        args.AddRange(extraArgs);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(databasePath)!,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? []) info.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        return new ManagerProcess(process, clock, port, databasePath, ["dotnet", .. args]);
    }

    /// <summary>Polls GET /readyz until 200; answers the time since the process was started.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient client, TimeSpan timeout)
    {
        var deadline = _sinceStart.Elapsed + timeout;
        while (_sinceStart.Elapsed < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the manager exited with {_process.ExitCode}:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "readyz"));
                if (response.StatusCode == HttpStatusCode.OK) return _sinceStart.Elapsed;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"the manager was not ready after {timeout.TotalSeconds} s:\n{Tail()}");
    }

    public double CpuSeconds() => ProcStats.CpuSeconds(Pid);
    public long PeakRss() => ProcStats.StatusBytes(Pid, "VmHWM");
    public long Rss() => ProcStats.StatusBytes(Pid, "VmRSS");

    public string Tail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _logFile.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > 40) _tail.Dequeue();
        }
    }

    /// <summary>Stops the manager gracefully (SIGTERM, as an operator would), killing it after 10 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var term = Process.Start("kill", ["-TERM", Pid.ToString()]);
                await term!.WaitForExitAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception)
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
