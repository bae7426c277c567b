using System.Text.Json;
using Manager.Actors.Jobs;

namespace Manager.Http.Views;

/// <summary>How many of a job's tasks are in each status (every status is present).</summary>
public sealed record TasksByStatusView(int Queued, int Rendering, int Paused, int Completed, int Failed, int Canceled)
{
    public static TasksByStatusView Of(JobTaskCounts c) => new(c.Queued, c.Rendering, c.Paused, c.Completed, c.Failed, c.Canceled);
}

/// <summary>The job view of Part D: POST /jobs, GET /jobs and GET /jobs/{id} answer it.</summary>
/// <param name="Settings">The settings object as submitted.</param>
/// <param name="Progress">0 … 1 (docs/api.md, "Job views").</param>
/// <param name="EtaSeconds">Null until it can be estimated.</param>
/// <param name="Activity">What the job waits for when it waits, or how far it got (the status rules' text).</param>
public sealed record JobView(
    long Id, string Name, string Type, string Status, long Priority, JsonElement Settings, IReadOnlyList<long> DependsOn,
    IReadOnlyList<string> Tags, int TasksTotal, TasksByStatusView TasksByStatus, long FramesTotal, long FramesDone, double Progress,
    double? EtaSeconds, string Activity, string SubmittedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static JobView Of(JobSummary s)
    {
        var job = s.Job;
        using var settings = JsonDocument.Parse(job.Settings);
        return new(job.Id, job.Name, job.Type, job.Status.ToWire(), job.Priority, settings.RootElement.Clone(), job.DependsOn, job.Tags,
            job.TaskIds.Count, TasksByStatusView.Of(s.Counts), job.FramesTotal, s.FramesDone, Math.Round(s.Progress, 4), s.EtaSeconds,
            s.Activity, job.SubmittedBy, job.CreatedAt, job.UpdatedAt);
    }
}
