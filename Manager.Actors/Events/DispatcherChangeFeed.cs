using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;

namespace Manager.Actors.Events;

/// <summary>
/// What the dispatcher's next <see cref="FarmChanges"/> batch holds: the tasks and jobs its applied events touched, the
/// workers whose blocklist may have changed, and the completions of the last minute. A job's status or pause changes its
/// tasks without an event per task, so every job event but a priority change marks the job's tasks too. A batch also goes
/// out when only the completions per minute changed (they fall as the minute passes), so a page shows them falling.
/// </summary>
public sealed class DispatcherChangeFeed
{
    private readonly PendingChanges _tasks = new();
    private readonly PendingChanges _jobs = new();
    private readonly PendingChanges _blocklists = new();
    private readonly CompletionRate _completions = new();
    private int? _threshold;
    private int _completionsSent;

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
                case WorkerBlocklistCleared b:
                    _blocklists.Changed(b.WorkerId);
                    break;
                default:
                    if (e is TaskCompleted c) _completions.Note(c.At);
                    if (e is TaskFailed f) _blocklists.Changed(f.WorkerId);
                    _tasks.Changed(e.TaskId);
                    if (state.Tasks.TryGetValue(e.TaskId, out var changed) && changed.JobId is { } jobId) _jobs.Changed(jobId);
                    break;
            }
        }
    }

    /// <summary>The farm's counts at <paramref name="now"/>.</summary>
    public FarmCounts Counts(DispatcherState state, DateTimeOffset now) => FarmCounts.Of(state, _completions.PerMinute(now));

    /// <summary>The batch of everything noted since the last one (null when nothing was), as the state shows it at <paramref name="now"/>.</summary>
    public FarmChanges? Take(DispatcherState state, ManagerSettings settings, DateTimeOffset now)
    {
        // A new threshold changes the blocklist of every worker that failed something.
        if (_threshold is { } threshold && threshold != settings.BlocklistThreshold)
            foreach (var workerId in state.FailuresByWorkerAndType.Keys) _blocklists.Changed(workerId);
        _threshold = settings.BlocklistThreshold;

        var completionsPerMinute = _completions.PerMinute(now);
        if (_tasks.IsEmpty && _jobs.IsEmpty && _blocklists.IsEmpty && completionsPerMinute == _completionsSent) return null;
        _completionsSent = completionsPerMinute;
        var (taskIds, removedTasks) = _tasks.Take(FarmEventPublishing.MaxPerBatch);
        var (jobIds, removedJobs) = _jobs.Take(int.MaxValue);
        var (blocklistIds, _) = _blocklists.Take(FarmEventPublishing.MaxPerBatch);
        var tasks = taskIds.Where(state.Tasks.ContainsKey).Select(id => TaskRow.Of(state.Tasks[id])).ToList();
        var jobs = jobIds.Where(state.Jobs.ContainsKey)
            .Select(id => JobSummaries.Of(state, state.Jobs[id], settings.JobFailPercent))
            .ToList();
        var blocklists = blocklistIds
            .Select(id => new WorkerBlocklist(id, Scheduling.BlockedTypes(id, state, settings.BlocklistThreshold)))
            .ToList();
        return new FarmChanges(tasks, removedTasks, jobs, removedJobs, blocklists, FarmCounts.Of(state, completionsPerMinute));
    }
}
