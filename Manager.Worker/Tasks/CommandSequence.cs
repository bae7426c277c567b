using System.ComponentModel;
using System.Globalization;

namespace Manager.Worker;

/// <summary>
/// Runs a task's commands one after the other in its directory (<see cref="TaskContext.Directory"/>),
/// their output going to <see cref="LineHandler"/>; the first failure ends the task. Before a command whose program
/// does not create its own output folder (ffmpeg), the worker creates it (<see cref="OutputFolder"/>).
/// Children see <c>MANAGER_URL</c>, <c>MANAGER_TASK_ID</c> and <c>MANAGER_WORKER_ID</c>.
/// </summary>
internal sealed class CommandSequence(TaskContext task, LineHandler lines)
{
    /// <returns>How the task ended; <c>null</c> when the token stopped it.</returns>
    public async Task<TaskOutcome?> RunAsync(CommandPlan plan, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>
        {
            ["MANAGER_URL"] = task.Options.Manager.ToString(),
            ["MANAGER_TASK_ID"] = task.TaskId.ToString(CultureInfo.InvariantCulture),
            ["MANAGER_WORKER_ID"] = task.WorkerId.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            Directory.CreateDirectory(task.Directory);
            for (var i = 0; i < plan.Commands.Count; i++)
            {
                if (ct.IsCancellationRequested)
                    return null;
                var command = plan.Commands[i];
                task.Emit(WorkerEventKind.TaskStarted, $"task {task.TaskId}: running {command.Name} ({i + 1}/{plan.Commands.Count}): {command.Display}");
                lines.OnLine($"[worker] {command.Name}: {command.Display}");
                lines.NewCommand();
                if (OutputFolder.Of(command, task.Directory) is { } folder && !Directory.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                    lines.OnLine($"[worker] {command.Name}: created the output folder {folder}");
                }

                CommandResult result;
                try
                {
                    result = await CommandRunner.RunAsync(command, task.Directory, lines.OnLine, environment, stop: ct);
                }
                catch (Win32Exception e)
                {
                    return TaskOutcome.Failed($"cannot start '{command.Program}': {e.Message}");
                }
                if (ct.IsCancellationRequested)
                    return null;

                var outcome = TaskOutcome.FromExit(command.Program, result.ExitCode, lines.LastErrorLine);
                if (!outcome.Succeeded)
                    return outcome;
            }
            return TaskOutcome.Completed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TaskOutcome.Failed($"worker: {e.Message}");
        }
    }
}
