namespace Manager.Actors.Workers;

/// <summary>What one of its proxy's events does to a worker's record: pure, so recovery and the live proxy apply them alike.</summary>
public static class WorkerTransitions
{
    /// <summary>The record after <paramref name="e"/>: null before the registration and after the removal.</summary>
    public static WorkerRecord? Apply(WorkerRecord? record, IWorkerEvent e) => e switch
    {
        WorkerRegistered r => r.Worker,
        WorkerDetailsChanged d => Registered(record, e) with
        {
            System = d.System,
            Port = d.Port,
            SupportedTypes = d.SupportedTypes,
            Tags = d.Tags,
            IpAddress = d.IpAddress,
        },
        WorkerEnabledChanged s => Registered(record, e) with { Enabled = s.Enabled },
        WorkerDeregistered => null,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a worker event"),
    };

    /// <summary>Re-registration changes nothing when every detail is as recorded.</summary>
    public static bool Changes(WorkerRecord record, WorkerDetailsChanged e) =>
        !(record.System == e.System && record.Port == e.Port && record.IpAddress == e.IpAddress
          && record.SupportedTypes.SequenceEqual(e.SupportedTypes) && record.Tags.SequenceEqual(e.Tags));

    private static WorkerRecord Registered(WorkerRecord? record, IWorkerEvent e) =>
        record ?? throw new InvalidOperationException($"{e.GetType().Name} for a worker that is not registered");
}
