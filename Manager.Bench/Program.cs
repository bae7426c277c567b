using Manager.Bench;

// Manager.Bench — drives a real manager process over HTTP with simulated workers. See BENCHMARKS.md.
// dotnet run -c Release --project Manager.Bench -- busy|idle|big|recovery|scaling|smoke [--name value]...
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var output = Console.Out;
output.WriteLine($"Manager.Bench {options}");
output.WriteLine($"machine: {Machine.Describe()}");
output.WriteLine($"load average at start: {Machine.LoadAverage()}");
try
{
    var code = await new Scenarios(options, output).RunAsync();
    output.WriteLine($"load average at end: {Machine.LoadAverage()}");
    return code;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"bench failed: {e}");
    return 1;
}

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
