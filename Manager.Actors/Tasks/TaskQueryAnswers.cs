using Manager.Actors.Common;

namespace Manager.Actors.Tasks;

/// <summary>The answers to the dispatcher's queries (<see cref="GetHeldTask"/>, <see cref="GetTask"/>, <see cref="ListTasks"/>, <see cref="GetWorkerAssignments"/>), read from its state.</summary>
public static class TaskQueryAnswers
{
    /// <summary>The answer to most polls and heartbeats: one shared instance.</summary>
    public static readonly Outcome<HeldTask> NothingHeld = Outcome.Done(new HeldTask(null));

    public static Outcome<HeldTask> HeldBy(DispatcherState state, long workerId) =>
        state.HeldTask(workerId) is { } taskId ? Outcome.Done(new HeldTask(taskId)) : NothingHeld;

    public static Outcome<TaskRecord> TaskById(DispatcherState state, long taskId) =>
        state.Tasks.TryGetValue(taskId, out var task) ? Outcome.Done(task) : new Refusal.NotFound($"no task {taskId}");

    /// <summary>One page of tasks in ascending id order (GET /tasks).</summary>
    public static IReadOnlyList<TaskRecord> List(DispatcherState state, ListTasks query) =>
        state.TasksAfter(query.After, query.Status, query.WorkerId).Take(query.Limit).ToList();

    public static IReadOnlyList<WorkerAssignment> Assignments(DispatcherState state, IReadOnlyList<long> workerIds, int blocklistThreshold)
    {
        var assignments = new List<WorkerAssignment>();
        foreach (var id in workerIds)
        {
            var held = state.HeldTask(id);
            var blocked = Scheduling.BlockedTypes(id, state, blocklistThreshold);
            if (held is null && blocked.Count == 0) continue;
            var activity = held is { } taskId ? state.Tasks[taskId].Activity : null;
            assignments.Add(new WorkerAssignment(id, held, activity, blocked));
        }
        return assignments;
    }
}
