using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Manager.Bench;

/// <summary>
/// A real manager as a separate process, started as an operator would:
/// <c>dotnet Manager.Http.dll --urls http://127.0.0.1:PORT --Persistence:ConnectionString="Data Source=DIR/manager.db" [extra arguments]</c>.
/// The port is chosen once: <see cref="Kill"/> and <see cref="Start"/> again restart it on the same address and database
/// (the crash tests). Its output is drained into <c>manager.log</c> next to the database, the last lines kept for error
/// messages; its CPU time and RSS come from /proc. Used by the bench and by the test suite (Manager.Tests/Faults).
/// </summary>
public sealed class ManagerProcess : IAsyncDisposable, IDisposable
{
    private readonly string _managerDll;
    private readonly IReadOnlyList<string> _extraArgs;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _environment;
    private readonly string _connectionString;
    private readonly Queue<string> _tail = new();
    private Process? _process;
    private StreamWriter? _log;
    private Stopwatch _sinceStart = new();

    /// <param name="databasePath">The SQLite file; its directory is the working directory (and holds manager.log).</param>
    /// <param name="connectionString">Instead of the SQLite file, e.g. a PostgreSQL connection string for a cluster node
    /// (the directory of <paramref name="databasePath"/> is still the working directory).</param>
    public ManagerProcess(string managerDll, string databasePath, IEnumerable<string>? extraArgs = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null, string? connectionString = null)
    {
        _connectionString = connectionString ?? $"Data Source={databasePath}";
        _managerDll = managerDll;
        DatabasePath = databasePath;
        _extraArgs = extraArgs?.ToList() ?? [];
        _environment = environment?.ToList() ?? [];
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public string DatabasePath { get; }
    public int Pid => Running.Id;
    public IReadOnlyList<string> CommandLine { get; private set; } = [];

    private Process Running => _process ?? throw new InvalidOperationException("the manager is not running");

    /// <summary>Starts the process (not yet ready: see <see cref="WaitReadyAsync"/>); answers this.</summary>
    public ManagerProcess Start()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the manager is already running");
        _process?.Dispose();
        var args = new List<string>
        {
            _managerDll,
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            $"--Persistence:ConnectionString={_connectionString}",
        };
        args.AddRange(_extraArgs);
        // The dotnet that runs us (dotnet test and dotnet run set DOTNET_HOST_PATH), else the one on the PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(DatabasePath)!,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in _environment) info.Environment[name] = value;

        // Every start appends to the same log: a restarted manager's lines follow the killed one's.
        var log = new StreamWriter(Path.Combine(info.WorkingDirectory, "manager.log"), append: true) { AutoFlush = true };
        _sinceStart = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {host}");
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        (_process, _log) = (process, log);
        CommandLine = [host, .. args];
        return this;
    }

    /// <summary>Starts the process and waits until it is ready; answers the time from start to ready.</summary>
    public Task<TimeSpan> StartAsync(TimeSpan timeout) => Start().WaitReadyAsync(timeout);

    /// <summary>
    /// Polls GET /readyz (every 10 ms, with <paramref name="client"/> or a client of its own) until 200; answers the time since
    /// the process was started. Throws if the process exits or is not ready within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, HttpClient? client = null)
    {
        var process = Running;
        using var own = client is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(2) } : null;
        var probe = client ?? own!;
        var deadline = _sinceStart.Elapsed + timeout;
        while (_sinceStart.Elapsed < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the manager exited with {process.ExitCode}:\n{Tail}");
            try
            {
                using var response = await probe.GetAsync(new Uri(BaseAddress, "readyz"));
                if (response.StatusCode == HttpStatusCode.OK) return _sinceStart.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"the manager was not ready after {timeout.TotalSeconds} s:\n{Tail}");
    }

    public double CpuSeconds() => ProcStats.CpuSeconds(Pid);
    public long PeakRss() => ProcStats.StatusBytes(Pid, "VmHWM");
    public long Rss() => ProcStats.StatusBytes(Pid, "VmRSS");

    /// <summary>The last 40 lines the process wrote (for failure messages).</summary>
    public string Tail
    {
        get { lock (_tail) return string.Join('\n', _tail); }
    }

    private void Keep(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            try { log.WriteLine(line); } catch (ObjectDisposedException) { } // a line after the process ended and its log was closed
            _tail.Enqueue(line);
            while (_tail.Count > 40) _tail.Dequeue();
        }
    }

    /// <summary>Where the process's output goes (appended on every start).</summary>
    public string LogPath => Path.Combine(Path.GetDirectoryName(DatabasePath)!, "manager.log");

    /// <summary>SIGKILL: no shutdown hooks, no flush beyond what was already durable (a crash). Waits for the exit.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        if (!_process.WaitForExit(10_000)) throw new TimeoutException("the killed manager did not exit within 10 s");
        Ended();
    }

    /// <summary>Stops the manager gracefully (SIGTERM, as an operator would), killing it after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            try
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
                await term!.WaitForExitAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception)
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            }
        }
        Ended();
    }

    private void Ended()
    {
        _process!.WaitForExit(); // the redirected output is drained
        _process.Dispose();
        _process = null;
        lock (_tail) _log?.Dispose();
        _log = null;
    }

    /// <summary><c>await using</c>: a graceful stop (<see cref="StopAsync"/>), as the bench ends its managers.</summary>
    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary><c>using</c>: <see cref="Kill"/>, as the crash tests end theirs.</summary>
    public void Dispose() => Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
