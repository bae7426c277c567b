namespace Manager.Actors.Jobs;

/// <summary>
/// Everything the manager keeps about one job besides its tasks (which are <see cref="Tasks.TaskRecord"/>s with this
/// job's id). Immutable; the dispatcher's state replaces it on each job event. Its <see cref="Status"/> is the last one
/// the status rules decided (<see cref="JobStatusChanged"/>); counts, progress and activity are derived when read.
/// </summary>
/// <param name="SubmitSeq">Submission order, shared with tasks: a job comes before the tasks it created, and after every
/// job it depends on (recovery adds jobs in this order).</param>
/// <param name="Settings">The job type's settings as sent (the JSON text of one object).</param>
/// <param name="Fingerprint">The submission in canonical form: a repeated POST with the same job_id must match it.</param>
/// <param name="TaskIds">The job's tasks, in the compiler's order (render tasks, previews first, then the video), which
/// is also ascending id order.</param>
/// <param name="FramesTotal">Frames the job renders (its distinct frames).</param>
/// <param name="WorkTotal">What progress counts to: every frame of a render task, and 1 for every other task (the video).</param>
/// <param name="Paused">Paused with PATCH /jobs/{id}: none of its tasks starts until it is resumed.</param>
public sealed record JobRecord(
    long Id,
    long SubmitSeq,
    string Name,
    string Type,
    string Settings,
    string Fingerprint,
    long Priority,
    IReadOnlyList<long> DependsOn,
    IReadOnlyList<string> Tags,
    IReadOnlyList<long> TaskIds,
    long FramesTotal,
    long WorkTotal,
    bool Paused,
    JobStatus Status,
    string SubmittedBy,
    long? OwnerTokenId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
