using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// The start of a task: read it (<c>GET /tasks/{id}</c>, which also gives the assignment), plan its
/// commands (which program <c>blender</c> is, what the allow-list lets run) and claim it
/// (<c>PATCH /tasks/{id}</c> <c>rendering</c>).
/// </summary>
internal sealed class TaskStart(TaskContext task, TaskFence fence)
{
    /// <returns>The plan to run; <c>null</c> when the task is not this worker's to run after all (gone, or the claim refused).</returns>
    /// <exception cref="ManagerRequestException">The manager cannot be asked (the worker polls again).</exception>
    /// <exception cref="OperationCanceledException">The token was canceled.</exception>
    public async Task<CommandPlan?> RunAsync(CancellationToken ct)
    {
        var details = await task.Client.GetTaskAsync(task.TaskId, ct);
        if (details is null)
        {
            task.Emit(WorkerEventKind.TaskStopped, $"task {task.TaskId} is gone (404) before it started");
            return null;
        }
        task.Emit(WorkerEventKind.TaskReceived, $"got task {task.TaskId} ({Describe(details)})");
        fence.Assignment = details.Assignment;
        task.JobId = details.JobId;
        var plan = await PlanAsync(details, ct);

        var claim = await task.Client.UpdateTaskAsync(task.TaskId, fence.Update() with { Status = TaskStatuses.Rendering }, ct);
        if (claim.Result is TaskUpdateResult.Conflict or TaskUpdateResult.NotFound)
        {
            task.Emit(WorkerEventKind.TaskStopped, $"stopped task {task.TaskId}: {claim.Describe()}");
            return null;
        }
        if (claim.Result == TaskUpdateResult.Rejected)
            task.Emit(WorkerEventKind.Warning, $"task {task.TaskId}: the manager refused 'rendering' ({claim.Detail}); running it anyway");
        return plan;
    }

    private async Task<CommandPlan> PlanAsync(TaskDetails details, CancellationToken ct)
    {
        var commands = details.Commands ?? [];
        var blender = BlenderProgram.FromSearchPath;
        if (CommandPlanner.UsesBlender(commands))
        {
            JsonElement? setting = null;
            if (task.Options.Blender is null)
            {
                try
                {
                    setting = await task.Client.GetSettingAsync("blender_path", ct);
                }
                catch (Exception e) when (e is ManagerRequestException or JsonException)
                {
                    task.Emit(WorkerEventKind.Warning, $"cannot read the manager's blender_path ({e.Message}); using blender from PATH");
                }
            }
            blender = CommandPlanner.ResolveBlender(task.Options.Blender, setting, SystemStats.OsName);
        }
        return CommandPlanner.Plan(commands, blender, task.Options.Allow);
    }

    private static string Describe(TaskDetails details)
    {
        var type = details.Type ?? "task";
        return (details.FrameStart, details.FrameEnd) switch
        {
            ({ } a, { } b) when a == b => $"{type}, frame {a}",
            ({ } a, { } b) => $"{type}, frames {a}–{b}",
            _ => type,
        };
    }
}
