using System.Diagnostics;
using System.Globalization;

namespace Manager.Bench;

/// <summary>Latencies in milliseconds, recorded without locks per caller and merged at the end.</summary>
public sealed class Latencies
{
    private readonly List<double> _values = new();

    public int Count => _values.Count;

    public void Add(double ms) => _values.Add(ms);

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var all = new Latencies();
        foreach (var p in parts) all._values.AddRange(p._values);
        all._values.Sort();
        return all;
    }

    public double Percentile(double p)
    {
        if (_values.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * _values.Count) - 1;
        return _values[Math.Clamp(rank, 0, _values.Count - 1)];
    }

    public string Summary() => _values.Count == 0
        ? "n=0"
        : string.Create(CultureInfo.InvariantCulture,
            $"p50={Percentile(50):F2} p95={Percentile(95):F2} p99={Percentile(99):F2} max={_values[^1]:F2} ms (n={_values.Count})");
}

/// <summary>Latencies by the second they started in, to see whether a tail is spread out or comes in bursts.</summary>
public sealed class Timeline
{
    private readonly List<(double At, double Ms)> _points = new();

    public void Add(double atSeconds, double ms) => _points.Add((atSeconds, ms));

    public void AddAll(Timeline other) => _points.AddRange(other._points);

    public static Timeline Merge(IEnumerable<Timeline> parts)
    {
        var all = new Timeline();
        foreach (var p in parts) all._points.AddRange(p._points);
        return all;
    }

    /// <summary>One line per second: count, p50, p99 and max of the latencies that started in it.</summary>
    public IEnumerable<string> PerSecond() =>
        _points.GroupBy(p => (int)p.At).OrderBy(g => g.Key).Select(g =>
        {
            var lat = new Latencies();
            foreach (var (_, ms) in g) lat.Add(ms);
            var sorted = Latencies.Merge([lat]);
            return string.Create(CultureInfo.InvariantCulture,
                $"  second {g.Key,3}: {sorted.Count,5} claims, p50 {sorted.Percentile(50),7:F1} ms, p99 {sorted.Percentile(99),7:F1} ms, max {sorted.Percentile(100),7:F1} ms");
        });
}

/// <summary>CPU time and memory of a process from /proc (Linux).</summary>
public static class ProcStats
{
    private static readonly double TicksPerSecond = 100.0; // sysconf(_SC_CLK_TCK) is 100 on Linux

    /// <summary>utime + stime of the process, in seconds (fields 14 and 15 of /proc/pid/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // afterName[0] is field 3 (state); utime is field 14, stime field 15.
        return (long.Parse(afterName[11], CultureInfo.InvariantCulture) + long.Parse(afterName[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>A line of /proc/pid/status such as VmHWM (peak RSS) or VmRSS, in bytes.</summary>
    public static long StatusBytes(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
            var parts = line[(key.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        return -1;
    }

    public static double SelfCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>
    /// Context switches (voluntary + involuntary) of all live threads of the process. A request that hops between
    /// sleeping threads pays one per wake-up; unlike CPU time, the count does not depend on how fast the machine is.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) ||
                        line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }
        return total;
    }
}

/// <summary>CPU used by the manager (the managers of a cluster, summed) and by this load generator between two points in time.</summary>
public sealed class CpuWindow
{
    private readonly IReadOnlyList<int> _pids;
    private readonly double _managerStart;
    private readonly double _selfStart;
    private readonly long _switchesStart;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CpuWindow(int pid) : this([pid])
    {
    }

    public CpuWindow(IReadOnlyList<int> pids)
    {
        _pids = pids;
        _managerStart = ManagerCpuSeconds();
        _selfStart = ProcStats.SelfCpuSeconds();
        _switchesStart = ManagerContextSwitchesSoFar();
    }

    public (double Wall, double ManagerCpu, double BenchCpu) Stop() =>
        (_clock.Elapsed.TotalSeconds, ManagerCpuSeconds() - _managerStart, ProcStats.SelfCpuSeconds() - _selfStart);

    /// <summary>The manager's context switches since the window opened (read it right after <see cref="Stop"/>).</summary>
    public long ManagerContextSwitches() => ManagerContextSwitchesSoFar() - _switchesStart;

    private double ManagerCpuSeconds() => _pids.Sum(ProcStats.CpuSeconds);

    private long ManagerContextSwitchesSoFar() => _pids.Sum(ProcStats.ContextSwitches);

    public static string Describe((double Wall, double ManagerCpu, double BenchCpu) w) =>
        string.Create(CultureInfo.InvariantCulture,
            $"manager CPU {w.ManagerCpu:F2} s over {w.Wall:F2} s = {100 * w.ManagerCpu / w.Wall:F1} % of one core; load generator CPU {w.BenchCpu:F2} s = {100 * w.BenchCpu / w.Wall:F1} %");
}

public static class Fmt
{
    public static string MB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F0} MB");
    public static string F(double v, int digits = 1) => v.ToString("F" + digits, CultureInfo.InvariantCulture);

    /// <summary>A measured time in seconds; <see cref="TimeSpan.MaxValue"/> (it never happened within the bound) is "never".</summary>
    public static string Seconds(TimeSpan t) => t == TimeSpan.MaxValue ? "never" : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F2} s");
}
