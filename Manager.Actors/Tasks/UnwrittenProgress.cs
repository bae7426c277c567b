namespace Manager.Actors.Tasks;

/// <summary>
/// Progress the dispatcher has applied and answered but not yet written: per task, the reports since its last write
/// merged into one <see cref="TaskProgressed"/>. It is written in front of the task's next event, or by the periodic
/// flush — so a task's three log chunks and its completion cost one progress event, not three, and a progress report
/// never waits for the journal.
/// </summary>
public sealed class UnwrittenProgress
{
    private readonly Dictionary<long, TaskProgressed> _byTask = new();

    public int Count => _byTask.Count;

    public void Add(TaskProgressed progress) =>
        _byTask[progress.TaskId] = _byTask.TryGetValue(progress.TaskId, out var earlier) ? Merge(earlier, progress) : progress;

    /// <summary>
    /// The events to write: the unwritten progress of every task <paramref name="events"/> names, in front of them, so
    /// a replay meets each task's changes in the order they were applied. Progress of other tasks stays unwritten —
    /// unless a job event is among them: it changes tasks it does not name (a job canceled, deleted), so all of it goes first.
    /// </summary>
    public IReadOnlyList<ITaskEvent> InFrontOf(IReadOnlyList<ITaskEvent> events)
    {
        if (_byTask.Count == 0) return events;
        if (HasJobEvent(events)) return [.. TakeAll(), .. events];
        List<ITaskEvent>? written = null;
        foreach (var e in events)
        {
            if (!_byTask.Remove(e.TaskId, out var progress)) continue;
            written ??= new List<ITaskEvent>(events.Count + 1);
            written.Add(progress);
        }
        if (written is null) return events;
        written.AddRange(events);
        return written;
    }

    /// <summary>Every unwritten progress event, taken out (the periodic flush).</summary>
    public IReadOnlyList<ITaskEvent> TakeAll()
    {
        var all = _byTask.Values.ToArray<ITaskEvent>();
        _byTask.Clear();
        return all;
    }

    /// <summary>One event that does what <paramref name="earlier"/> then <paramref name="later"/> do (null means unchanged).</summary>
    public static TaskProgressed Merge(TaskProgressed earlier, TaskProgressed later) => later with
    {
        FrameCurrent = later.FrameCurrent ?? earlier.FrameCurrent,
        Activity = later.Activity ?? earlier.Activity,
        Error = later.Error ?? earlier.Error,
        TimeCost = later.TimeCost ?? earlier.TimeCost,
    };

    private static bool HasJobEvent(IReadOnlyList<ITaskEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
            if (events[i] is Jobs.IJobEvent) return true;
        return false;
    }

    /// <summary>True when every event is progress: such a decision is answered at once and written later.</summary>
    public static bool IsProgressOnly(IReadOnlyList<ITaskEvent> events)
    {
        foreach (var e in events)
            if (e is not TaskProgressed) return false;
        return events.Count > 0;
    }
}
