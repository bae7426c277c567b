using System.Globalization;

namespace Manager.Cli;

/// <summary>How a job's progress reads, one line: <c>job 3 active: 4/12 frames, 1 failed task, ETA 0:45 — 1 task rendering, …</c>.</summary>
internal static class ProgressLine
{
    /// <summary>The whole line: <see cref="Counts"/> and the job's activity.</summary>
    public static string Describe(JobView job) => $"{Counts(job)} — {job.Activity}";

    /// <summary>Job id, status, frames done of all, failed tasks and the ETA.</summary>
    public static string Counts(JobView job) =>
        $"job {job.Id} {job.Status}: {job.FramesDone}/{job.FramesTotal} frames, " +
        $"{job.TasksFailed} failed {(job.TasksFailed == 1 ? "task" : "tasks")}, ETA {Eta(job.EtaSeconds)}";

    /// <summary>The last line of a watch: <c>job 3 completed: all 8 tasks completed</c> (the activity of a final status starts with it).</summary>
    public static string Ending(JobView job) =>
        job.Activity.StartsWith(job.Status, StringComparison.Ordinal) ? $"job {job.Id} {job.Activity}" : $"job {job.Id} {job.Status}: {job.Activity}";

    /// <summary>Seconds as <c>m:ss</c> or <c>h:mm:ss</c>, rounded up; <c>unknown</c> while the manager has no estimate.</summary>
    public static string Eta(double? seconds)
    {
        if (seconds is not { } s || double.IsNaN(s) || s < 0)
            return "unknown";
        var time = TimeSpan.FromSeconds(Math.Ceiling(Math.Min(s, TimeSpan.MaxValue.TotalSeconds / 2)));
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{time.Minutes}:{time.Seconds:00}");
    }
}
