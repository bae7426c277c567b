using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>The Manager as its own OS process (dotnet Manager.Http.dll) on a real SQLite file, to be SIGKILLed and started again.</summary>
public sealed class ManagerProcess : IDisposable
{
    private readonly string _dll;
    private readonly string _databasePath;
    private readonly string _workingDirectory;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;

    public ManagerProcess(string workingDirectory)
    {
        _dll = Path.Combine(Path.GetDirectoryName(typeof(Manager.Http.ManagerHttpAssembly).Assembly.Location)!, "Manager.Http.dll");
        _workingDirectory = workingDirectory;
        _databasePath = Path.Combine(workingDirectory, "manager.db");
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string Tail
    {
        get { lock (_lastLines) return string.Join('\n', _lastLines); }
    }

    /// <summary>Starts the process and polls /readyz until it answers 200; answers how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan bound)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("already running");
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { _dll, "--urls", BaseAddress.ToString().TrimEnd('/'), $"--Persistence:ConnectionString=Data Source={_databasePath}" }
                     .Concat(TestTokens.Arguments))
            start.ArgumentList.Add(arg);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the manager exited with {process.ExitCode}:\n{Tail}");
            try
            {
                if ((await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            if (clock.Elapsed > bound) throw new TimeoutException($"the manager was not ready within {bound}:\n{Tail}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush beyond what was already durable.</summary>
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
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
