using Manager.Actors.Events;
using Manager.Http.Views;

namespace Manager.Http.Events;

/// <summary>The data of a <c>changes</c> event: tasks as GET /tasks lists them, jobs as GET /jobs does, workers' blocklists.</summary>
public sealed record ChangesPayload(
    IReadOnlyList<TaskListItem> Tasks, IReadOnlyList<long> RemovedTasks, IReadOnlyList<JobView> Jobs, IReadOnlyList<long> RemovedJobs,
    IReadOnlyList<WorkerBlocklist> Blocklists, FarmCounts Counts)
{
    public static ChangesPayload Of(FarmChanges c) =>
        new(c.Tasks.Select(TaskListItem.Of).ToList(), c.RemovedTasks, c.Jobs.Select(JobView.Of).ToList(), c.RemovedJobs, c.Blocklists,
            c.Counts);
}
