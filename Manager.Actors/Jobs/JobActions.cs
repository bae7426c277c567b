using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Jobs;

/// <summary>
/// What an operator's <see cref="JobStatusChangedByOperator"/> does to the job's tasks, derived from the state when the
/// event is applied (so replay does the same): each task changes as PATCH /tasks/{id} would change it, with the same
/// <c>by</c> in its history.
/// </summary>
internal static class JobActions
{
    public static void Apply(DispatcherState state, JobStatusChangedByOperator o)
    {
        switch (o.Status)
        {
            case JobStatus.Canceled:
                state.SetPaused(o.JobId, false, o.At);
                foreach (var task in state.TasksOf(o.JobId, TaskStatus.Queued, TaskStatus.Rendering, TaskStatus.Paused))
                    state.ChangeTask(task.Id, new TaskStatusChangedByOperator(task.Id, TaskStatus.Canceled, false, o.Activity, o.At, o.By));
                break;
            case JobStatus.Paused:
                state.SetPaused(o.JobId, true, o.At);
                break;
            case JobStatus.Queued:
                var wasCompleted = state.Jobs[o.JobId].Status == JobStatus.Completed;
                state.SetPaused(o.JobId, false, o.At);
                TaskStatus[] again = wasCompleted
                    ? [TaskStatus.Completed, TaskStatus.Failed, TaskStatus.Canceled, TaskStatus.Paused]
                    : [TaskStatus.Failed, TaskStatus.Canceled, TaskStatus.Paused];
                foreach (var task in state.TasksOf(o.JobId, again))
                    state.ChangeTask(task.Id, new TaskStatusChangedByOperator(task.Id, TaskStatus.Queued, task.Status.IsFinal(), o.Activity, o.At, o.By));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(o), o.Status, "an operator sets a job canceled, paused or queued");
        }
    }
}
