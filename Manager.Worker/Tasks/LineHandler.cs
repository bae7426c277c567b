using Manager.Rules;

namespace Manager.Worker;

/// <summary>
/// Each output line of the running commands: into the <see cref="TaskOutput"/>, and watched for what the
/// worker acts on itself — the command's last <c>Error:</c> line (its error if it fails) and Blender's
/// frame number (a <see cref="WorkerEventKind.Frame"/> event when it changes) and the files it saved (a picture of the
/// last one for a job's task, <see cref="LastFramePublisher"/>).
/// </summary>
internal sealed class LineHandler(TaskContext task, TaskOutput output, LastFramePublisher? frames = null)
{
    private readonly Lock _gate = new();
    private string? _lastErrorLine; // of the running command
    private long? _lastFrame;

    /// <summary>The running command's last <c>Error:</c> line, if any.</summary>
    public string? LastErrorLine
    {
        get
        {
            lock (_gate)
                return _lastErrorLine;
        }
    }

    /// <summary>A command starts: its error line is its own.</summary>
    public void NewCommand()
    {
        lock (_gate)
            _lastErrorLine = null;
    }

    public void OnLine(string line)
    {
        output.Add(line);
        long? newFrame = null;
        lock (_gate)
        {
            if (BlenderErrorLine.TryParse(line, out _))
                _lastErrorLine = line;
            if (BlenderProgressLine.TryParseFrame(line, out var frame) && frame != _lastFrame)
                newFrame = _lastFrame = frame;
            else if (frames is not null && _lastFrame is { } rendered && BlenderSavedLine.TryParse(line, out var path))
                frames.Saved(path, rendered);
        }
        if (newFrame is { } f)
            task.Emit(WorkerEventKind.Frame, $"task {task.TaskId}: frame {f}");
    }
}
