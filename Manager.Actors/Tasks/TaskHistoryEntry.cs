namespace Manager.Actors.Tasks;

/// <summary>One status change of a task: when, who (<c>by</c>), to which status, and why.</summary>
public sealed record TaskHistoryEntry(DateTimeOffset At, string By, TaskStatus Status, string Reason);

/// <summary>A task's history, newest last, bounded so a task that flaps forever does not grow without limit.</summary>
public static class TaskHistory
{
    public const int MaxEntries = 100;

    public static IReadOnlyList<TaskHistoryEntry> Append(IReadOnlyList<TaskHistoryEntry>? history, TaskHistoryEntry entry)
    {
        if (history is null or { Count: 0 }) return [entry];
        var keep = Math.Min(history.Count, MaxEntries - 1);
        var next = new TaskHistoryEntry[keep + 1];
        for (var i = 0; i < keep; i++) next[i] = history[history.Count - keep + i];
        next[keep] = entry;
        return next;
    }
}
