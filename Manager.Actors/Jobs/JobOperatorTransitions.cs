namespace Manager.Actors.Jobs;

/// <summary>The status changes PATCH /jobs/{id} may ask for (docs/api.md, "Job actions"); anything else is a conflict.</summary>
public static class JobOperatorTransitions
{
    /// <param name="paused">The job was paused by an operator and not resumed since.</param>
    public static bool IsAllowed(JobStatus from, bool paused, JobStatus to) => to switch
    {
        JobStatus.Canceled => !from.IsFinal(),
        JobStatus.Paused => !from.IsFinal() && !paused,
        JobStatus.Queued => paused || from is JobStatus.Paused or JobStatus.Completed or JobStatus.Failed or JobStatus.Canceled,
        _ => false,
    };

    /// <summary>The activity each of the job's tasks gets (and the reason in their history).</summary>
    public static string Activity(long jobId, JobStatus from, bool paused, JobStatus to) => to switch
    {
        JobStatus.Canceled => $"canceled with job {jobId} by operator",
        JobStatus.Paused => $"job {jobId} paused by operator",
        JobStatus.Queued when from.IsFinal() => $"queued again with job {jobId} by operator",
        JobStatus.Queued when paused => $"job {jobId} resumed by operator",
        _ => $"{to.ToWire()} with job {jobId} by operator",
    };
}
