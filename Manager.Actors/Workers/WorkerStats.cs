namespace Manager.Actors.Workers;

public sealed record LoadAverage(double OneMinute, double FiveMinutes, double FifteenMinutes);

/// <summary>The stats a worker sends with most heartbeats (kept in memory only).</summary>
public sealed record FrequentStats(LoadAverage? LoadAverage, double? WorkerCpuPercent);

/// <summary>The stats a worker sends now and then (kept in memory only).</summary>
public sealed record LessFrequentStats(string? WorkerArchitecture, double? WorkerDiskPercent, double? WorkerMemPercent, int? WorkerNumCpus);
