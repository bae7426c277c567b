using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;

namespace Manager.Actors.Events;

/// <summary>
/// What the dispatcher's next <see cref="FarmChanges"/> batch holds: the tasks and jobs its applied events touched.
/// A job's status or pause changes its tasks without an event per task, so every job event but a priority change marks
/// the job's tasks too.
/// </summary>
public sealed class DispatcherChangeFeed
{
    private readonly PendingChanges _tasks = new();
    private readonly PendingChanges _jobs = new();

    /// <summary>Notes <paramref name="events"/>, already applied to <paramref name="state"/>.</summary>
    public void Note(IReadOnlyList<ITaskEvent> events, DispatcherState state)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case JobSubmitted s:
                    _jobs.Changed(s.JobId);
                    foreach (var task in s.Tasks) _tasks.Changed(task.Id);
                    break;
                case JobDeleted d:
                    _jobs.Removed(d.JobId);
                    break;
                case JobPriorityChanged p:
                    _jobs.Changed(p.JobId);
                    break;
                case IJobEvent j:
                    _jobs.Changed(j.JobId);
                    if (state.Jobs.TryGetValue(j.JobId, out var job))
                        foreach (var taskId in job.TaskIds) _tasks.Changed(taskId);
                    break;
                case TaskDeleted d:
                    _tasks.Removed(d.TaskId);
                    break;
                case WorkerBlocklistCleared:
                    break;
                default:
                    _tasks.Changed(e.TaskId);
                    if (state.Tasks.TryGetValue(e.TaskId, out var changed) && changed.JobId is { } jobId) _jobs.Changed(jobId);
                    break;
            }
        }
    }

    /// <summary>The batch of everything noted since the last one (null when nothing was), as the state shows it now.</summary>
    public FarmChanges? Take(DispatcherState state, ManagerSettings settings)
    {
        if (_tasks.IsEmpty && _jobs.IsEmpty) return null;
        var (taskIds, removedTasks) = _tasks.Take(FarmEventPublishing.MaxPerBatch);
        var (jobIds, removedJobs) = _jobs.Take(int.MaxValue);
        var tasks = taskIds.Where(state.Tasks.ContainsKey).Select(id => state.Tasks[id]).ToList();
        var jobs = jobIds.Where(state.Jobs.ContainsKey)
            .Select(id => JobSummaries.Of(state, state.Jobs[id], settings.JobFailPercent))
            .ToList();
        return new FarmChanges(tasks, removedTasks, jobs, removedJobs, FarmCounts.Of(state));
    }
}
