namespace Manager.Actors.Workers;

public sealed record RegistrationResult(WorkerView Worker, bool Created);

/// <summary>A worker as GET /workers shows it, before the dispatcher's part (current task, blocklist) is merged in.</summary>
public sealed record WorkerView(WorkerRecord Record, bool Online, string? Activity, DateTimeOffset? LastSeen);

/// <summary>A worker as GET /workers/{id} shows it.</summary>
public sealed record WorkerDetails(WorkerRecord Record, long? MacAddress, FrequentStats? Frequent, LessFrequentStats? LessFrequent);
