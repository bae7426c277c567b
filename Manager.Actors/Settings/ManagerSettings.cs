namespace Manager.Actors.Settings;

/// <summary>The farm-wide settings operators change through the Settings API, as typed values.</summary>
public sealed record ManagerSettings(
    int WorkerTimeoutSeconds,
    int TaskMaxAttempts,
    int BlocklistThreshold,
    int DefaultPriority,
    IReadOnlyDictionary<string, string> BlenderPath,
    int JobFailPercent = Jobs.JobStatusRules.DefaultFailPercent)
{
    public static readonly ManagerSettings Defaults = new(
        WorkerTimeoutSeconds: 30,
        TaskMaxAttempts: 3,
        BlocklistThreshold: 3,
        DefaultPriority: 0,
        BlenderPath: new Dictionary<string, string>(),
        JobFailPercent: Jobs.JobStatusRules.DefaultFailPercent);

    public TimeSpan WorkerTimeout => TimeSpan.FromSeconds(WorkerTimeoutSeconds);
}
