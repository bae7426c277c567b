using Manager.Actors.Serialization;

namespace Manager.Actors.Workers;

/// <summary>Persisted by the worker's proxy.</summary>
public interface IWorkerEvent : IPersisted;

/// <param name="By">Who registered it (the enrollment token's name, or an operator's).</param>
public sealed record WorkerRegistered(WorkerRecord Worker, string? By = null) : IWorkerEvent;

public sealed record WorkerDetailsChanged(
    string System, int? Port, IReadOnlyList<string> SupportedTypes, IReadOnlyList<string> Tags, string? IpAddress, string? By = null) : IWorkerEvent;

public sealed record WorkerEnabledChanged(bool Enabled, DateTimeOffset At, string? By = null) : IWorkerEvent;

/// <summary>An operator removed the worker: its proxy holds nothing any more (its id is never reused).</summary>
public sealed record WorkerDeregistered(string By, DateTimeOffset At) : IWorkerEvent;
