using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// While a task runs: <c>PATCH /workers/{id}</c> <c>rendering</c> every <see cref="WorkerOptions.HeartbeatInterval"/>.
/// Stops the task when the answer names another task or none, when the manager no longer knows the
/// worker (404), or when it refuses the credential (401); a failed heartbeat is only a warning.
/// </summary>
internal sealed class Heartbeats(TaskContext task, TaskCancellation cancellation)
{
    /// <summary>The manager answered 404 for this worker: it must register again.</summary>
    public bool WorkerUnknown { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(task.Options.HeartbeatInterval, ct);
            WorkerUpdateReply? reply;
            try
            {
                reply = await task.Client.UpdateWorkerAsync(task.WorkerId, task.RenderingReport(), ct);
            }
            catch (Exception e) when (e is ManagerRequestException or JsonException)
            {
                task.Emit(WorkerEventKind.Warning, $"heartbeat failed: {e.Message}");
                continue;
            }
            catch (CredentialRefusedException e)
            {
                cancellation.StopRefused(e);
                return;
            }

            if (reply is null)
            {
                WorkerUnknown = true;
                cancellation.Stop("the manager no longer knows this worker (404)");
                return;
            }
            if (reply.TaskId != task.TaskId)
            {
                cancellation.Stop(reply.TaskId is null
                    ? "canceled by manager (it no longer assigns the task to this worker)"
                    : $"the manager now assigns task {reply.TaskId} to this worker instead");
                return;
            }
        }
    }
}
