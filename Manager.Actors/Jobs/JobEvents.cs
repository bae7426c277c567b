using Manager.Actors.Tasks;

namespace Manager.Actors.Jobs;

/// <summary>A fact about a job, persisted by the <see cref="TaskDispatcher"/> in the same journal as its tasks' events.</summary>
public interface IJobEvent : ITaskEvent
{
    long JobId { get; }
}

/// <summary>A job was submitted: the job and every task compiled from it, with their ids and dependencies (what was
/// decided, so replay never compiles again).</summary>
public sealed record JobSubmitted(JobRecord Job, IReadOnlyList<TaskRecord> Tasks) : IJobEvent
{
    public long JobId => Job.Id;
    public long TaskId => 0;
    public DateTimeOffset At => Job.CreatedAt;
}

/// <summary>
/// The status rules (<see cref="JobStatusRules"/>) decided a new status after a change of the job's tasks or of a job
/// it depends on; <paramref name="Reason"/> is the activity that said why. <paramref name="CancelUnfinished"/>: the job
/// failed and its queued, rendering and paused tasks are canceled with it.
/// </summary>
public sealed record JobStatusChanged(long JobId, JobStatus Status, string Reason, bool CancelUnfinished, DateTimeOffset At) : IJobEvent
{
    public long TaskId => 0;
}

/// <summary>
/// PATCH /jobs/{id} with a status: <see cref="JobStatus.Canceled"/> cancels the unfinished tasks, <see cref="JobStatus.Paused"/>
/// starts none of its tasks any more, <see cref="JobStatus.Queued"/> resumes a paused job and queues again what did not
/// complete (every task of a completed job). Which tasks change is derived from the state when applied.
/// </summary>
public sealed record JobStatusChangedByOperator(long JobId, JobStatus Status, string Activity, DateTimeOffset At, string By) : IJobEvent
{
    public long TaskId => 0;
}

public sealed record JobPriorityChanged(long JobId, long Priority, DateTimeOffset At, string By) : IJobEvent
{
    public long TaskId => 0;
}

/// <summary>The job and its tasks were removed (their ids are never given again).</summary>
public sealed record JobDeleted(long JobId, DateTimeOffset At, string By) : IJobEvent
{
    public long TaskId => 0;
}
