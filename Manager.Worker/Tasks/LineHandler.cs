using System.Globalization;

namespace Manager.Worker;

/// <summary>
/// Each output line of the running commands: into the <see cref="TaskOutput"/>, and watched for what the
/// worker acts on itself — the command's last <c>Error:</c> line (its error if it fails) and Blender's
/// frame number (a <see cref="WorkerEventKind.Frame"/> event when it changes).
/// </summary>
internal sealed class LineHandler(TaskContext task, TaskOutput output)
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
            if (TaskOutcome.IsErrorLine(line))
                _lastErrorLine = line;
            if (FrameOf(line) is { } frame && frame != _lastFrame)
                newFrame = _lastFrame = frame;
        }
        if (newFrame is { } f)
            task.Emit(WorkerEventKind.Frame, $"task {task.TaskId}: frame {f}");
    }

    /// <summary>Blender's progress lines start "Fra:N ".</summary>
    private static long? FrameOf(string line)
    {
        if (!line.StartsWith("Fra:", StringComparison.Ordinal))
            return null;
        var end = 4;
        if (end < line.Length && line[end] == '-')
            end++;
        while (end < line.Length && char.IsAsciiDigit(line[end]))
            end++;
        return long.TryParse(line.AsSpan(4, end - 4), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var frame) ? frame : null;
    }
}
