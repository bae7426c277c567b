using System.Diagnostics;
using System.Text;

namespace Manager.Worker;

public sealed record CommandResult(int ExitCode, bool Killed);

/// <summary>
/// Runs one command as a child process — no shell, arguments passed one by one — and hands its
/// stdout and stderr, merged, to a callback one whole line at a time. Canceling the token kills
/// the child and everything it started (the whole process tree) at once.
/// </summary>
public static class CommandRunner
{
    /// <summary>How long output may still arrive after the command exited. A grandchild that
    /// outlives the command can hold the pipes open; the worker does not wait for it.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <param name="onLine">Called for each line, never concurrently, and not after this returns.</param>
    /// <param name="onStarted">Called with the child's process id once it runs.</param>
    /// <param name="stop">Kills the process tree.</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started (not found, not executable).</exception>
    public static async Task<CommandResult> RunAsync(
        PlannedCommand command,
        string workingDirectory,
        Action<string> onLine,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<int>? onStarted = null,
        CancellationToken stop = default)
    {
        var startInfo = new ProcessStartInfo(command.Program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in command.Arguments)
            startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        onStarted?.Invoke(process.Id);
        process.StandardInput.Close(); // a render never reads input; don't let it wait for any

        var gate = new Lock();
        var open = true;
        void Emit(string line)
        {
            lock (gate)
            {
                if (open)
                    onLine(line);
            }
        }

        var readers = Task.WhenAll(Pump(process.StandardOutput, Emit), Pump(process.StandardError, Emit));
        var killed = 0;
        await using (stop.Register(() =>
        {
            if (Interlocked.Exchange(ref killed, 1) == 0)
                KillTree(process);
        }))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await Task.WhenAny(readers, Task.Delay(DrainTimeout));
        lock (gate)
            open = false;
        return new CommandResult(process.ExitCode, Volatile.Read(ref killed) == 1);
    }

    private static async Task Pump(StreamReader reader, Action<string> emit)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
                emit(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or AggregateException or NotSupportedException)
        {
            // Already gone, or some descendant vanished while the tree was walked.
        }
    }
}
