using System.Text;

namespace Manager.Tests.EndToEnd;

/// <summary>Processes found through /proc (Linux) by a string in their command line.</summary>
internal static class BlenderProcesses
{
    /// <summary>Ids of the live processes whose command line contains <paramref name="marker"/> (zombies don't count).</summary>
    public static IReadOnlyList<int> WithArgument(string marker)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("reads /proc");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                // The arguments are NUL-separated; a zombie's (or a kernel thread's) command line is empty.
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }
        return found;
    }
}
