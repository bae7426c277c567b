namespace Manager.Actors.Tasks;

/// <summary>The answers to the dispatcher's queries (<see cref="ListTasks"/>, <see cref="GetWorkerAssignments"/>), read from its state.</summary>
public static class TaskQueryAnswers
{
    /// <summary>One page of tasks in ascending id order (GET /tasks).</summary>
    public static IReadOnlyList<TaskRecord> List(DispatcherState state, ListTasks query) =>
        state.TasksAfter(query.After, query.Status, query.WorkerId).Take(query.Limit).ToList();

    public static IReadOnlyList<WorkerAssignment> Assignments(DispatcherState state, IReadOnlyList<long> workerIds, int blocklistThreshold) =>
        workerIds.Select(id =>
        {
            var held = state.HeldTask(id);
            var activity = held is { } taskId ? state.Tasks[taskId].Activity : null;
            return new WorkerAssignment(id, held, activity, Scheduling.BlockedTypes(id, state, blocklistThreshold));
        }).ToList();
}
