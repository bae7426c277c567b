using Manager.Tests.Support;

namespace Manager.Tests.Worker;

/// <summary>Whether a process still runs, read from /proc (Linux).</summary>
internal static class ProcessProbe
{
    /// <summary>Running; a zombie waiting for its parent to reap it counts as gone.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].TrimStart()[0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits until the process is gone, at most <paramref name="bound"/>.</summary>
    public static Task Gone(int pid, TimeSpan bound, string what) =>
        Wait.Until(() => !IsRunning(pid), bound, $"{what} {pid} gone", every: TimeSpan.FromMilliseconds(20));
}
