using Manager.Worker;

namespace Manager.Tests.Worker;

public class SystemStatsTests
{
    [Fact]
    public void Load_average_is_read_from_proc_loadavg()
    {
        Assert.Equal(new LoadAverage(2.18, 2.11, 2.18), SystemStats.ParseLoadAverage("2.18 2.11 2.18 3/1234 5678\n"));
        Assert.Null(SystemStats.ParseLoadAverage(null));
        Assert.Null(SystemStats.ParseLoadAverage("garbage"));
    }

    [Fact]
    public void Memory_use_is_total_minus_available()
    {
        const string meminfo = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4000000 kB\n";

        Assert.Equal(75.0, SystemStats.ParseMemoryPercent(meminfo));
        Assert.Null(SystemStats.ParseMemoryPercent("MemTotal: 100 kB\n"));
        Assert.Null(SystemStats.ParseMemoryPercent(null));
    }

    [Fact]
    public void Cpu_use_is_the_busy_share_of_the_time_between_two_samples()
    {
        var before = SystemStats.ParseCpuSample("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n");
        var after = SystemStats.ParseCpuSample("cpu  250 0 150 850 150 0 0 0 0 0\n");

        Assert.Equal(new SystemStats.CpuSample(Idle: 800, Total: 1000), before);
        Assert.Equal(50.0, SystemStats.CpuPercentBetween(before, after!.Value)); // busy 200 of 400
        Assert.Equal(20.0, SystemStats.CpuPercentBetween(null, before!.Value));  // since boot
        Assert.Null(SystemStats.ParseCpuSample("intr 1 2 3"));
    }

    [Fact]
    public void The_mac_address_is_an_int64_of_its_bytes()
    {
        Assert.Equal(0x0024_ff00_1122L, SystemStats.MacToInt64([0x00, 0x24, 0xff, 0x00, 0x11, 0x22]));
        Assert.Null(SystemStats.MacToInt64([0, 0, 0, 0, 0, 0]));
        Assert.Null(SystemStats.MacToInt64([]));
    }

    [Theory]
    [InlineData("6.1.0-18-amd64", "6.1.0")]
    [InlineData("6.18.44-fc-v782\n", "6.18.44")]
    [InlineData("", null)]
    public void The_kernel_release_is_shortened_to_its_version(string release, string? expected) =>
        Assert.Equal(expected, SystemStats.KernelVersion(release));

    [Fact]
    public void Collectors_answer_for_this_machine_without_throwing()
    {
        var stats = new SystemStats(Path.GetTempPath());

        var frequent = stats.Frequent();
        var less = stats.LessFrequent();

        Assert.Equal(Environment.ProcessorCount, less.WorkerNumCpus);
        Assert.False(string.IsNullOrEmpty(less.WorkerArchitecture));
        Assert.StartsWith(SystemStats.OsName + " ", SystemStats.SystemDescription);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(frequent.LoadAverage);
            Assert.InRange(less.WorkerMemPercent!.Value, 0, 100);
            Assert.InRange(less.WorkerDiskPercent!.Value, 0, 100);
            Assert.InRange(frequent.WorkerCpuPercent!.Value, 0, 100);
        }
    }
}
