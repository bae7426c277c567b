namespace Manager.Actors.Jobs;

public sealed record SubmitJobResult(JobSummary Job, bool Created);

public sealed record DeletedJob(long JobId, IReadOnlyList<long> TaskIds);

/// <summary>
/// A job as GET /jobs/{id} shows it: the record and what is derived from its tasks when read.
/// </summary>
/// <param name="Progress">0 … 1: work done (frames rendered, plus 1 per other task completed) over <see cref="JobRecord.WorkTotal"/>.</param>
/// <param name="EtaSeconds">Seconds left at the pace of the frames rendered so far; null until a render task completed
/// with a time_cost, and when nothing is left to render or nothing renders.</param>
/// <param name="Activity">What the status rules say now: what the job waits for, or how far it got.</param>
public sealed record JobSummary(JobRecord Job, JobTaskCounts Counts, long FramesDone, double Progress, double? EtaSeconds, string Activity);
