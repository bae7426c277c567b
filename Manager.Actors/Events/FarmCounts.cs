using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Events;

/// <summary>
/// How many tasks and jobs are in each status (keys are the API's status words; every status is present), and how many
/// tasks workers completed in the last minute (<see cref="CompletionRate"/>).
/// </summary>
public sealed record FarmCounts(IReadOnlyDictionary<string, int> Tasks, IReadOnlyDictionary<string, int> Jobs, int CompletionsPerMinute)
{
    /// <summary>From the dispatcher's per-status indexes of tasks and jobs (a count each, no walk).</summary>
    public static FarmCounts Of(DispatcherState state, int completionsPerMinute) => new(
        Enum.GetValues<TaskStatus>().ToDictionary(s => s.ToWire(), state.CountOf),
        Enum.GetValues<JobStatus>().ToDictionary(s => s.ToWire(), state.CountOf),
        completionsPerMinute);
}

/// <summary>The farm's counts now (the event stream sends them to a client that just connected).</summary>
public sealed record GetFarmCounts : ITaskDispatcherMessage, IAsk<FarmCounts>
{
    public static readonly GetFarmCounts Instance = new();
}
