using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Actors.Jobs;

/// <summary>The answers to the job queries (<see cref="GetJob"/>, <see cref="ListJobs"/>, <see cref="ListJobTasks"/>), read from the dispatcher's state.</summary>
public static class JobQueryAnswers
{
    public static Outcome<JobSummary> JobById(DispatcherState state, long jobId, int failPercent) =>
        state.Jobs.TryGetValue(jobId, out var job) ? Outcome.Done(JobSummaries.Of(state, job, failPercent)) : new Refusal.NotFound($"no job {jobId}");

    /// <summary>One page in ascending id order, read from the id index of the status asked for (or of every job).</summary>
    public static IReadOnlyList<JobSummary> List(DispatcherState state, ListJobs query, int failPercent) =>
        state.JobsAfter(query.After, query.Status)
            .Take(query.Limit)
            .Select(job => JobSummaries.Of(state, job, failPercent))
            .ToList();

    /// <summary>The job's tasks with ids above <see cref="ListJobTasks.After"/>, ascending (a job's task ids ascend in its order).</summary>
    public static Outcome<IReadOnlyList<TaskRecord>> Tasks(DispatcherState state, ListJobTasks query)
    {
        if (!state.Jobs.TryGetValue(query.JobId, out var job)) return new Refusal.NotFound($"no job {query.JobId}");
        var ids = job.TaskIds;
        var start = FirstAbove(ids, query.After);
        var page = new List<TaskRecord>(Math.Min(query.Limit, ids.Count - start));
        for (var i = start; i < ids.Count && page.Count < query.Limit; i++) page.Add(state.Tasks[ids[i]]);
        return Outcome.Done<IReadOnlyList<TaskRecord>>(page);
    }

    private static int FirstAbove(IReadOnlyList<long> ascending, long after)
    {
        int low = 0, high = ascending.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (ascending[mid] <= after) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
