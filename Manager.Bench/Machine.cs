namespace Manager.Bench;

/// <summary>What every run prints about the machine it ran on.</summary>
internal static class Machine
{
    /// <summary>/proc/loadavg: other work on the machine shows here (the HTTP ceiling ratio is meant to survive it).</summary>
    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    public static string Describe()
    {
        string? model = null;
        long memKb = 0;
        try
        {
            model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim();
            var mem = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:"));
            memKb = long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
        }
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {memKb / 1024 / 1024.0:F1} GiB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
