using Manager.Actors.Settings;
using Manager.Actors.Tasks;

namespace Manager.Actors.Jobs;

/// <summary>
/// After a decision's events are applied, the jobs they touched (and the jobs that wait on a job whose status changes)
/// get their status from the status rules; every change is one more event (<see cref="JobStatusChanged"/>) written with
/// the decision's. Pure: it reads the state; <see cref="ApplyWithFollowUps"/> is how the dispatcher (and the tests'
/// driver) apply a decision. A task submitted alone costs one dictionary lookup per event here.
/// </summary>
public static class JobFollowUps
{
    /// <summary>Applies the events to the state, then their follow-ups; answers every event to persist, in order.</summary>
    public static IReadOnlyList<ITaskEvent> ApplyWithFollowUps(DispatcherState state, IReadOnlyList<ITaskEvent> events, ManagerSettings settings,
        DateTimeOffset now)
    {
        // Index loops: foreach over the interface would allocate an enumerator per decision on the claim path.
        for (var i = 0; i < events.Count; i++) state.Apply(events[i]);
        var followUps = After(state, events, settings, now);
        if (followUps.Count == 0) return events;
        for (var i = 0; i < followUps.Count; i++) state.Apply(followUps[i]);
        return [.. events, .. followUps];
    }

    /// <summary>The job status changes that follow from <paramref name="applied"/> (applied to <paramref name="state"/> already).</summary>
    public static IReadOnlyList<ITaskEvent> After(DispatcherState state, IReadOnlyList<ITaskEvent> applied, ManagerSettings settings, DateTimeOffset now)
    {
        Queue<long>? touched = null;
        for (var i = 0; i < applied.Count; i++)
        {
            var e = applied[i];
            var jobId = e is IJobEvent j ? j.JobId : state.Tasks.TryGetValue(e.TaskId, out var task) ? task.JobId : null;
            if (jobId is { } id && state.Jobs.ContainsKey(id)) (touched ??= new Queue<long>()).Enqueue(id);
        }
        if (touched is null) return [];

        var decided = new Dictionary<long, JobStatus>();
        var changes = new List<ITaskEvent>();
        while (touched.TryDequeue(out var id))
        {
            if (!state.Jobs.TryGetValue(id, out var job)) continue;
            var current = decided.TryGetValue(id, out var s) ? s : job.Status;
            var (decision, _) = JobSummaries.Decide(state, job, settings.JobFailPercent, decided);
            if (decision.Status == current) continue;
            decided[id] = decision.Status;
            changes.Add(new JobStatusChanged(id, decision.Status, decision.Activity, decision.CancelUnfinished, now));
            foreach (var dependent in state.DependentJobs(id)) touched.Enqueue(dependent);
        }
        return changes;
    }
}
