using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Jobs;

/// <summary>
/// A job as it stands, from the dispatcher's state: its task counts (blocked tasks included), what the status rules say
/// about it, its progress and ETA. Reads the job's tally and, only when some of its tasks failed or were canceled, the
/// tasks that wait on those.
/// </summary>
public static class JobSummaries
{
    public static JobSummary Of(DispatcherState state, JobRecord job, int failPercent)
    {
        var tally = state.TallyOf(job.Id);
        var decision = Decide(state, job, failPercent);
        return new JobSummary(job, decision.Counts, tally.FramesDone, Progress(job, tally.WorkDone), Eta(job, tally),
            decision.Status.Activity);
    }

    /// <summary>The status rules' decision for the job now; <paramref name="decided"/> holds statuses decided for other jobs
    /// in the same step, not yet applied (<see cref="JobFollowUps"/>).</summary>
    public static (JobStatusDecision Status, JobTaskCounts Counts) Decide(DispatcherState state, JobRecord job, int failPercent,
        IReadOnlyDictionary<long, JobStatus>? decided = null)
    {
        var counts = Counts(state, job);
        var dependencies = job.DependsOn.Count == 0 ? [] : job.DependsOn.Select(id => Dependency(state, id, decided)).ToList();
        return (JobStatusRules.Decide(counts, job.Paused, failPercent, dependencies), counts);
    }

    public static JobTaskCounts Counts(DispatcherState state, JobRecord job)
    {
        var tally = state.TallyOf(job.Id);
        var blocked = tally.FailedOrCanceled.Count == 0 || tally.Count(TaskStatus.Queued) == 0 ? 0 : Blocked(state, tally);
        return tally.Counts(blocked,
            countWaiting: !job.Paused && !state.WaitsForJobs(job.Id));
    }

    /// <summary>
    /// The rules' decision if <paramref name="task"/> (finished: completed, failed or canceled) of a job in a final status
    /// were queued again on its own, the job's other tasks as they are: it counts as queued, and as blocked when a task it
    /// depends on failed or was canceled (in a final job no task is unfinished, so it waits on nothing else).
    /// </summary>
    public static JobStatusDecision IfQueuedAgain(DispatcherState state, JobRecord job, TaskRecord task, int failPercent)
    {
        var now = Counts(state, job);
        var blocked = (task.DependsOn ?? []).Any(id => state.Tasks[id].Status is TaskStatus.Failed or TaskStatus.Canceled);
        var counts = now with
        {
            Queued = now.Queued + 1,
            Completed = now.Completed - (task.Status == TaskStatus.Completed ? 1 : 0),
            Failed = now.Failed - (task.Status == TaskStatus.Failed ? 1 : 0),
            Canceled = now.Canceled - (task.Status == TaskStatus.Canceled ? 1 : 0),
            Blocked = now.Blocked + (blocked ? 1 : 0),
        };
        var dependencies = job.DependsOn.Select(id => Dependency(state, id)).ToList();
        return JobStatusRules.Decide(counts, job.Paused, failPercent, dependencies);
    }

    /// <summary>0 … 1: frames rendered plus other tasks completed, over all of them.</summary>
    public static double Progress(JobRecord job, long workDone) => job.WorkTotal == 0 ? 1 : Math.Clamp((double)workDone / job.WorkTotal, 0, 1);

    /// <summary>Seconds per frame so far × frames left ÷ tasks rendering at once (at least one); null without a timed frame,
    /// with nothing left to render, or when the job has ended.</summary>
    public static double? Eta(JobRecord job, JobTally tally)
    {
        if (tally.TimedFrames <= 0 || job.Status.IsFinal()) return null;
        var framesLeft = job.FramesTotal - tally.FramesDone;
        if (framesLeft <= 0) return null;
        var perFrame = Math.Max(0, tally.SecondsOfTimedFrames) / tally.TimedFrames;
        return Math.Round(perFrame * framesLeft / Math.Max(1, tally.Count(TaskStatus.Rendering)), 1);
    }

    /// <summary>A job another depends on, as it stands (or as decided in this step).</summary>
    public static JobDependency Dependency(DispatcherState state, long jobId, IReadOnlyDictionary<long, JobStatus>? decided = null)
    {
        if (!state.Jobs.TryGetValue(jobId, out var job)) return new JobDependency(jobId, JobStatus.Canceled, 0);
        var status = decided is not null && decided.TryGetValue(jobId, out var s) ? s : job.Status;
        return new JobDependency(jobId, status, Progress(job, state.TallyOf(jobId).WorkDone));
    }

    /// <summary>The job's queued tasks that wait, directly or through others, on one of its failed or canceled tasks:
    /// O(those tasks and what waits on them), not O(the job's tasks).</summary>
    private static int Blocked(DispatcherState state, JobTally tally)
    {
        var blocked = new HashSet<long>();
        foreach (var id in tally.FailedOrCanceled)
            foreach (var waiting in state.BlockedBy(id))
                if (state.Tasks[waiting].Status == TaskStatus.Queued) blocked.Add(waiting);
        return blocked.Count;
    }
}
