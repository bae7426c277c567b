using System.ComponentModel;
using System.Net;

namespace Manager.Worker;

/// <summary>A file Blender saved, and the frame it rendered then.</summary>
internal sealed record SavedFrame(string Path, long Frame);

/// <summary>
/// Sends the manager a small picture of the last frame Blender saved for a job's task (<c>PUT /tasks/{id}/last-frame</c>),
/// in the background: the newest saved frame wins, at most one picture every <see cref="WorkerFrames.Interval"/> per
/// worker, never holding up the render or its log. Best effort: a failure is said once per task and otherwise ignored;
/// 409 (no longer the holder) and 429 (too soon) are not failures.
/// </summary>
internal sealed class LastFramePublisher(TaskContext task, long assignment, WorkerFrames shared)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private SavedFrame? _latest;
    private volatile bool _finishing;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _waitedForInterval = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a frame first waited for the interval (tests await it instead of guessing when).</summary>
    internal Task WaitedForInterval => _waitedForInterval.Task;
    private bool _warned;

    /// <summary>Blender saved <paramref name="path"/> (relative to the task's directory, if not absolute).</summary>
    public void Saved(string path, long frame)
    {
        lock (_gate)
            _latest = new SavedFrame(Path.Combine(task.Directory, path), frame);
        Wake();
    }

    /// <summary>
    /// The commands ended: send the newest frame if the interval allows it now, then stop. A wait for the interval
    /// ends here too: the task's final status must not wait for a picture (short tasks would finish seconds later).
    /// </summary>
    public void Finish()
    {
        _finishing = true;
        _finished.TrySetResult();
        Wake();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await PublishAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WarnOnce($"last-frame pictures stopped: {e.Message}"); // never the task's failure
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        while (!shared.Off)
        {
            await _wake.WaitAsync(ct);
            var wait = shared.Wait();
            if (wait > TimeSpan.Zero && !_finishing)
            {
                var waiting = Task.WhenAny(Task.Delay(wait, ct), _finished.Task);
                _waitedForInterval.TrySetResult();
                await waiting;
                ct.ThrowIfCancellationRequested();
                wait = shared.Wait();
            }
            SavedFrame? next;
            lock (_gate)
            {
                next = wait == TimeSpan.Zero ? _latest : null;
                if (next is not null) _latest = null;
            }
            if (next is not null) await SendAsync(next, ct);
            if (_finishing) return;
        }
    }

    private async Task SendAsync(SavedFrame saved, CancellationToken ct)
    {
        shared.Taken(); // also for a frame that fails: ffmpeg runs at most once per interval
        byte[]? jpeg;
        string? problem;
        try
        {
            (jpeg, problem) = await FramePicture.MakeAsync(saved.Path, Path.Combine(task.Options.WorkDir, "last-frame.jpg"), ct);
        }
        catch (Win32Exception e)
        {
            shared.TurnOff($"cannot start ffmpeg ({e.Message})");
            return;
        }
        if (jpeg is null)
        {
            WarnOnce($"no picture of frame {saved.Frame}: {problem}");
            return;
        }
        HttpStatusCode status;
        try
        {
            status = await task.Client.PutLastFrameAsync(task.TaskId, task.WorkerId, assignment, saved.Frame, jpeg, ct);
        }
        catch (Exception e) when (e is HttpRequestException or ManagerRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            WarnOnce($"the picture of frame {saved.Frame} was not sent: {e.Message}");
            return;
        }
        if (status == HttpStatusCode.NoContent)
            task.Emit(WorkerEventKind.LastFrameSent, $"task {task.TaskId}: sent a picture of frame {saved.Frame} ({jpeg.Length} bytes)");
        else if (status is not (HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests))
            WarnOnce($"the manager answered {(int)status} to the picture of frame {saved.Frame}");
    }

    private void WarnOnce(string message)
    {
        if (_warned) return;
        _warned = true;
        task.Emit(WorkerEventKind.Warning, $"task {task.TaskId}: {message} (said once per task)");
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }
}
