namespace Manager.Actors.Workers;

/// <summary>What is persisted about a worker: its registration and the operator's enabled/disabled switch.</summary>
/// <param name="SupportedTypes">Task types it runs; empty means all.</param>
public sealed record WorkerRecord(
    long Id,
    string Hostname,
    string System,
    int? Port,
    IReadOnlyList<string> SupportedTypes,
    IReadOnlyList<string> Tags,
    string? IpAddress,
    bool Enabled,
    DateTimeOffset RegisteredAt);

public sealed record LoadAverage(double OneMinute, double FiveMinutes, double FifteenMinutes);

/// <summary>The stats a worker sends with most heartbeats (kept in memory only).</summary>
public sealed record FrequentStats(LoadAverage? LoadAverage, double? WorkerCpuPercent);

/// <summary>The stats a worker sends now and then (kept in memory only).</summary>
public sealed record LessFrequentStats(string? WorkerArchitecture, double? WorkerDiskPercent, double? WorkerMemPercent, int? WorkerNumCpus);

/// <summary>A worker as GET /workers shows it, before the dispatcher's part (current task, blocklist) is merged in.</summary>
public sealed record WorkerView(WorkerRecord Record, bool Online, string? Activity, DateTimeOffset? LastSeen);

/// <summary>A worker as GET /workers/{id} shows it.</summary>
public sealed record WorkerDetails(WorkerRecord Record, long? MacAddress, FrequentStats? Frequent, LessFrequentStats? LessFrequent);
