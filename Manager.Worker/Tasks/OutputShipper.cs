namespace Manager.Worker;

/// <summary>
/// Sends a task's output to the manager in order, a chunk at a time — on the worker's log stream, or where that
/// cannot take it with <c>PATCH /tasks/{id}</c> with <c>log</c> and <c>log_seq</c> — until the output is finished
/// and all sent. Stops the task when the manager says it is no longer this worker's (409, 404) or refuses the
/// credential (401).
/// </summary>
internal sealed class OutputShipper(TaskContext task, TaskFence fence, TaskOutput output, TaskCancellation cancellation)
{
    public async Task RunAsync(CancellationToken ct)
    {
        while (await output.NextAsync(ct) is { } chunk)
        {
            TaskUpdateOutcome sent;
            try
            {
                var update = fence.Update() with { Log = chunk.Text, LogSeq = chunk.Seq };
                sent = chunk.Seq is { } seq && await task.LogStream.SendAsync(task.WorkerId, task.TaskId, update.Assignment, seq, chunk.Text, ct) is { } streamed
                    ? streamed
                    : await task.Client.UpdateTaskAsync(task.TaskId, update, ct);
            }
            catch (CredentialRefusedException e)
            {
                cancellation.StopRefused(e);
                return;
            }
            output.Sent();
            switch (sent.Result)
            {
                case TaskUpdateResult.Conflict or TaskUpdateResult.NotFound:
                    cancellation.Stop(sent.Describe());
                    return;
                case TaskUpdateResult.Rejected:
                    task.Emit(WorkerEventKind.Warning, $"task {task.TaskId}: the manager refused a piece of output ({sent.Detail}); dropped it");
                    break;
            }
        }
    }
}
