namespace Manager.Actors.Jobs;

/// <summary>
/// How many of a job's tasks are in each status. <paramref name="Blocked"/> counts the queued tasks (among
/// <paramref name="Queued"/>) that cannot run until a failed or canceled task is rendered again: they wait on it
/// directly or through other tasks (<see cref="DependencyCounters.BlockedBy"/> names them). <paramref name="Waiting"/>
/// counts the other queued tasks that cannot start yet because they wait on an unfinished task of the job: a task in
/// their <c>depends_on</c> (the video on a render task), or an unfinished preview (a chunk). Only the rules after
/// pause and job dependencies read it, so it is counted only for a job that is neither paused nor waiting for a job.
/// </summary>
public readonly record struct JobTaskCounts(
    int Queued = 0, int Rendering = 0, int Paused = 0, int Completed = 0, int Failed = 0, int Canceled = 0, int Blocked = 0, int Waiting = 0)
{
    public int Total => Queued + Rendering + Paused + Completed + Failed + Canceled;

    /// <summary>Tasks not yet completed, failed or canceled: what canceling the job would cancel.</summary>
    public int Unfinished => Queued + Rendering + Paused;
}

/// <summary>A job this job depends on, as it stands: its status and progress (0 … 1).</summary>
public sealed record JobDependency(long JobId, JobStatus Status, double Progress);

/// <summary>
/// The job's status, the <c>activity</c> that says why, and whether its unfinished tasks must now be canceled (which
/// ones is the job actor's to find: every queued, rendering and paused task of the job).
/// </summary>
public sealed record JobStatusDecision(JobStatus Status, string Activity, bool CancelUnfinished = false);

/// <summary>
/// A job's status from its tasks (docs/api.md, "Job status"): pure, so the job actor only feeds it the counts and
/// carries out what it decides. The rules are tried in order; the first that applies decides.
/// </summary>
public static class JobStatusRules
{
    public const int DefaultFailPercent = 10, MinFailPercent = 0, MaxFailPercent = 100;

    /// <summary>At most this many job ids are named in one activity; the rest are counted.</summary>
    public const int MaxNamedJobs = 5;

    /// <param name="pausedByOperator">The job was paused with <c>PATCH /jobs/{id}</c> (and not resumed since).</param>
    /// <param name="failPercent"><c>job_fail_percent</c>, 0 … 100: the share of the job's tasks that, failed, fails the
    /// job; 0 means the first failure does.</param>
    /// <param name="dependencies">The jobs named in its <c>depends_on</c>, as they stand now.</param>
    public static JobStatusDecision Decide(JobTaskCounts tasks, bool pausedByOperator, int failPercent, IReadOnlyList<JobDependency> dependencies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failPercent, MinFailPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failPercent, MaxFailPercent);
        if (tasks.Queued < 0 || tasks.Rendering < 0 || tasks.Paused < 0 || tasks.Completed < 0 || tasks.Failed < 0
            || tasks.Canceled < 0 || tasks.Blocked < 0 || tasks.Waiting < 0 || tasks.Blocked + tasks.Waiting > tasks.Queued)
            throw new ArgumentOutOfRangeException(nameof(tasks), tasks, "counts must be ≥ 0 and Blocked + Waiting ≤ Queued");

        var total = tasks.Total;
        var cancel = tasks.Unfinished > 0;

        // 1. Every task completed (a job without tasks has nothing left to do).
        if (tasks.Completed == total)
            return new(JobStatus.Completed, total == 0 ? "completed: the job has no tasks" : $"completed: all {total} {Tasks(total)} completed");

        // 2. Failed tasks reached job_fail_percent of the job's tasks.
        if (ReachesFailPercent(tasks.Failed, total, failPercent))
            return new(JobStatus.Failed,
                $"failed: {tasks.Failed} of {total} {Tasks(total)} failed ({Percent(tasks.Failed, total)} % ≥ job_fail_percent {failPercent} %)",
                cancel);

        // 3. Every task finished, not all completed.
        if (tasks.Unfinished == 0)
            return tasks.Failed > 0
                ? new(JobStatus.Failed, $"failed: nothing can run any more: {Summary(tasks, failPercent)}")
                : new(JobStatus.Canceled, $"canceled: {Summary(tasks, failPercent)}");

        // 4. Paused by an operator: no new task starts.
        if (pausedByOperator)
            return new(JobStatus.Paused, tasks.Rendering > 0
                ? $"paused by operator: no new task starts; {tasks.Rendering} {Tasks(tasks.Rendering)} still rendering"
                : "paused by operator");

        // 5. Jobs it depends on: none of its tasks may start before they all completed.
        var waitingFor = WaitingForDependencies(dependencies);
        if (waitingFor is not null)
            return tasks.Rendering > 0
                ? new(JobStatus.Active, $"{tasks.Rendering} {Tasks(tasks.Rendering)} rendering; no new task starts: {waitingFor}")
                : new(JobStatus.Queued, waitingFor);

        // 6. Nothing can run any more: nothing renders, nothing is paused, every queued task waits on a failed or canceled one.
        if (tasks.Rendering == 0 && tasks.Paused == 0 && tasks.Blocked == tasks.Queued)
            return tasks.Failed > 0
                ? new(JobStatus.Failed, $"failed: nothing can run any more: {Summary(tasks, failPercent)}", cancel)
                : new(JobStatus.Canceled, $"canceled: nothing can run any more: {Summary(tasks, failPercent)}", cancel);

        // 7. Only paused tasks could still run: every queued task waits on a failed or canceled task, or on an unfinished
        // one, and nothing renders, so what it waits on is paused (or waits itself on a paused one).
        if (tasks.Rendering == 0 && tasks.Queued == tasks.Blocked + tasks.Waiting)
            return new(JobStatus.Paused, $"paused: {tasks.Paused} {Tasks(tasks.Paused)} paused by operator; nothing else can run");

        // 8. Under way, or not started yet.
        var blocked = tasks.Blocked > 0 ? $"; {WaitOnFailed(tasks.Blocked)}" : "";
        var started = tasks.Rendering + tasks.Completed + tasks.Failed + tasks.Canceled > 0;
        if (!started)
            return new(JobStatus.Queued, $"waiting for a worker: {tasks.Queued} {Tasks(tasks.Queued)} queued{blocked}");
        return new(JobStatus.Active,
            $"{tasks.Rendering} {Tasks(tasks.Rendering)} rendering, {tasks.Completed} of {total} completed{(tasks.Failed > 0 ? $", {tasks.Failed} failed" : "")}{blocked}");
    }

    /// <summary>
    /// <paramref name="failed"/> of <paramref name="total"/> tasks is at least <paramref name="failPercent"/> % (exact:
    /// failed × 100 ≥ percent × total, no rounding) and at least one task failed (so 0 % means the first failure).
    /// </summary>
    public static bool ReachesFailPercent(int failed, int total, int failPercent) =>
        failed > 0 && (long)failed * 100 >= (long)failPercent * total;

    /// <summary>The whole percent shown in an activity: rounded down, so it is ≥ job_fail_percent exactly when the rule fails the job.</summary>
    public static long Percent(long part, long total) => total == 0 ? 0 : part * 100 / total;

    /// <summary>What the job waits for among the jobs it depends on, or null when they all completed.</summary>
    public static string? WaitingForDependencies(IReadOnlyList<JobDependency> dependencies)
    {
        var broken = dependencies.Where(d => d.Status is JobStatus.Failed or JobStatus.Canceled).OrderBy(d => d.JobId).ToList();
        if (broken.Count == 1)
            return $"waiting: job {broken[0].JobId} it depends on {(broken[0].Status == JobStatus.Failed ? "failed" : "was canceled")}";
        if (broken.Count > 1)
            return $"waiting: jobs it depends on did not complete: {Named(broken, d => $"{d.JobId} ({d.Status.ToWire()})")}";

        var pending = dependencies.Where(d => d.Status != JobStatus.Completed).OrderBy(d => d.JobId).ToList();
        if (pending.Count == 0) return null;
        var what = Named(pending, d => $"{d.JobId} ({d.Status.ToWire()}, {ProgressPercent(d.Progress)} %)");
        return pending.Count == 1 ? $"waiting for job {what}" : $"waiting for jobs {what}";
    }

    private static long ProgressPercent(double progress) =>
        double.IsNaN(progress) ? 0 : (long)Math.Floor(Math.Clamp(progress, 0, 1) * 100);

    private static string Named(IReadOnlyList<JobDependency> jobs, Func<JobDependency, string> show)
    {
        var named = string.Join(", ", jobs.Take(MaxNamedJobs).Select(show));
        return jobs.Count > MaxNamedJobs ? $"{named} and {jobs.Count - MaxNamedJobs} more" : named;
    }

    /// <summary>"1 of 20 tasks failed (5 % &lt; job_fail_percent 10 %), 1 canceled, 18 completed" and the like.</summary>
    private static string Summary(JobTaskCounts t, int failPercent)
    {
        var total = t.Total;
        var parts = new List<string>();
        if (t.Failed > 0)
            parts.Add($"{t.Failed} of {total} {Tasks(total)} failed ({Percent(t.Failed, total)} % < job_fail_percent {failPercent} %)");
        if (t.Canceled > 0) parts.Add(parts.Count == 0 ? $"{t.Canceled} of {total} {Tasks(total)} canceled" : $"{t.Canceled} canceled");
        if (t.Blocked > 0) parts.Add(WaitOnFailed(t.Blocked));
        if (t.Completed > 0) parts.Add($"{t.Completed} completed");
        return string.Join(", ", parts);
    }

    private static string WaitOnFailed(int n) => n == 1 ? "1 task waits on a failed or canceled task" : $"{n} tasks wait on a failed or canceled task";

    private static string Tasks(long n) => n == 1 ? "task" : "tasks";
}
