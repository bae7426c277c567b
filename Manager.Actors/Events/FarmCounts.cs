using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Events;

/// <summary>How many tasks and jobs are in each status (keys are the API's status words; every status is present).</summary>
public sealed record FarmCounts(IReadOnlyDictionary<string, int> Tasks, IReadOnlyDictionary<string, int> Jobs)
{
    /// <summary>Tasks from the dispatcher's per-status index (a count each); jobs by walking them (jobs are few next to tasks).</summary>
    public static FarmCounts Of(DispatcherState state)
    {
        var tasks = Enum.GetValues<TaskStatus>().ToDictionary(s => s.ToWire(), state.CountOf);
        var jobs = Enum.GetValues<JobStatus>().ToDictionary(s => s.ToWire(), _ => 0);
        foreach (var job in state.Jobs.Values) jobs[job.Status.ToWire()]++;
        return new FarmCounts(tasks, jobs);
    }
}

/// <summary>The farm's counts now (the event stream sends them to a client that just connected).</summary>
public sealed record GetFarmCounts : ITaskDispatcherMessage, IAsk<FarmCounts>
{
    public static readonly GetFarmCounts Instance = new();
}
