using System.Globalization;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace Manager.Worker;

/// <summary>
/// The machine figures a worker reports with its polls and heartbeats. Each collector is a small
/// function that answers <c>null</c> when its source is missing (no /proc on macOS/Windows, no
/// network interface, …); the parsers of /proc text are pure and public for tests.
/// </summary>
public sealed class SystemStats(string workDir)
{
    private readonly Lock _cpuGate = new();
    private CpuSample? _lastCpu;

    /// <summary>"Linux", "Darwin" or "Windows" — the keys of the manager's <c>blender_path</c> setting.</summary>
    public static string OsName =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsMacOS() ? "Darwin"
        : OperatingSystem.IsWindows() ? "Windows"
        : RuntimeInformation.OSDescription.Split(' ')[0];

    /// <summary>What the worker registers as <c>system</c>, e.g. "Linux 6.1.0".</summary>
    public static string SystemDescription
    {
        get
        {
            var release = OperatingSystem.IsLinux() ? KernelVersion(ReadFile("/proc/sys/kernel/osrelease")) : null;
            return $"{OsName} {release ?? Environment.OSVersion.Version.ToString()}";
        }
    }

    public FrequentStats Frequent() => new()
    {
        LoadAverage = ParseLoadAverage(ReadFile("/proc/loadavg")),
        WorkerCpuPercent = CpuPercent(),
    };

    public LessFrequentStats LessFrequent() => new()
    {
        WorkerArchitecture = Architecture(),
        WorkerDiskPercent = DiskPercent(workDir),
        WorkerMemPercent = ParseMemoryPercent(ReadFile("/proc/meminfo")),
        WorkerNumCpus = Environment.ProcessorCount,
    };

    /// <summary>The whole machine's CPU use since the previous call (since boot at the first call), from /proc/stat.</summary>
    public double? CpuPercent()
    {
        if (ParseCpuSample(ReadFile("/proc/stat")) is not { } now)
            return null;
        lock (_cpuGate)
        {
            var before = _lastCpu;
            _lastCpu = now;
            return CpuPercentBetween(before, now);
        }
    }

    /// <summary>uname -m style: x86_64, aarch64 (arm64 on macOS), …</summary>
    public static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        System.Runtime.InteropServices.Architecture.X86 => "i686",
        System.Runtime.InteropServices.Architecture.Arm64 => OperatingSystem.IsMacOS() ? "arm64" : "aarch64",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>How full the file system holding <paramref name="path"/> is.</summary>
    public static double? DiskPercent(string path)
    {
        try
        {
            var drive = OperatingSystem.IsWindows() ? new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path))!) : new DriveInfo(path);
            if (drive.TotalSize <= 0)
                return null;
            return Math.Round(100.0 * (drive.TotalSize - drive.AvailableFreeSpace) / drive.TotalSize, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The MAC of the first working non-loopback interface, as the manager's int64.</summary>
    public static long? MacAddress()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .OrderBy(n => n.OperationalStatus == OperationalStatus.Up ? 0 : 1)
                .Select(n => MacToInt64(n.GetPhysicalAddress().GetAddressBytes()))
                .FirstOrDefault(mac => mac is not null);
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    public static long? MacToInt64(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is 0 or > 8)
            return null;
        long value = 0;
        foreach (var b in bytes)
            value = (value << 8) | b;
        return value == 0 ? null : value;
    }

    /// <summary>"2.18 2.11 2.18 1/123 4567" → the three averages.</summary>
    public static LoadAverage? ParseLoadAverage(string? text)
    {
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: >= 3 }
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var one)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var five)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var fifteen))
            return null;
        return new LoadAverage(one, five, fifteen);
    }

    /// <summary>Used memory in percent: (MemTotal − MemAvailable) / MemTotal.</summary>
    public static double? ParseMemoryPercent(string? meminfo)
    {
        if (meminfo is null)
            return null;
        long? total = null, available = null;
        foreach (var line in meminfo.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                continue;
            if (parts[0] == "MemTotal:")
                total = kb;
            else if (parts[0] == "MemAvailable:")
                available = kb;
        }
        if (total is not > 0 || available is null)
            return null;
        return Math.Round(100.0 * (total.Value - available.Value) / total.Value, 1);
    }

    /// <summary>Idle and total jiffies of the aggregate "cpu" line of /proc/stat.</summary>
    public readonly record struct CpuSample(ulong Idle, ulong Total);

    public static CpuSample? ParseCpuSample(string? procStat)
    {
        var line = procStat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
            return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        if (fields.Length < 4)
            return null;
        ulong total = 0, idle = 0;
        for (var i = 0; i < fields.Length && i < 8; i++) // user nice system idle iowait irq softirq steal (guest is inside user)
        {
            if (!ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return null;
            total += value;
            if (i is 3 or 4) // idle, iowait
                idle += value;
        }
        return new CpuSample(idle, total);
    }

    public static double? CpuPercentBetween(CpuSample? before, CpuSample now)
    {
        var total = now.Total - (before?.Total ?? 0);
        var idle = now.Idle - (before?.Idle ?? 0);
        if (before is { } b && (now.Total < b.Total || now.Idle < b.Idle))
            return null;
        if (total == 0)
            return before is null ? null : 0.0;
        return Math.Round(100.0 * (total - idle) / total, 1);
    }

    /// <summary>"6.1.0-18-amd64" → "6.1.0".</summary>
    public static string? KernelVersion(string? release)
    {
        if (string.IsNullOrWhiteSpace(release))
            return null;
        var text = release.Trim();
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            end++;
        return end == 0 ? text : text[..end].TrimEnd('.');
    }

    private static string? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
