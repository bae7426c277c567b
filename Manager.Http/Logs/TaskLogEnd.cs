namespace Manager.Http.Logs;

/// <summary>
/// What is known of a task's stored log (its row in <c>task_logs</c>): how many chunks and text bytes it has, the
/// highest (assignment, log_seq) stored, and whether the limit marker was written. The rules of storing a chunk are here.
/// </summary>
/// <remarks>
/// Chunks of one assignment come in seq order from its one holder and assignments only grow, so a chunk at or before the
/// highest pair stored is a repeat (its first answer was lost) or a late chunk of a superseded assignment: not stored.
/// </remarks>
public readonly record struct TaskLogEnd(long Chunks, long TextBytes, long Assignment, long Seq, bool LimitReached)
{
    public static readonly TaskLogEnd Empty = new(0, 0, 0, 0, false);

    /// <summary>What to do with <paramref name="chunk"/>: its text to store (or the limit marker, or nothing), and the end after it.</summary>
    public TaskLogDecision Decide(TaskLogChunk chunk, long maxTextBytes, byte[] limitMarker)
    {
        var position = (chunk.Assignment, Seq: chunk.LogSeq ?? 0);
        if (chunk.LogSeq is not null && position.CompareTo((Assignment, Seq)) <= 0) return new(TaskLogOutcome.Repeat, null, this);
        var after = position.CompareTo((Assignment, Seq)) > 0 ? this with { Assignment = position.Assignment, Seq = position.Seq } : this;
        if (LimitReached) return new(TaskLogOutcome.Dropped, null, after); // a repeat of it later is still a repeat
        var text = TextBytes + chunk.Text.Length > maxTextBytes ? limitMarker : chunk.Text;
        var limited = !ReferenceEquals(text, chunk.Text);
        return new(limited ? TaskLogOutcome.Dropped : TaskLogOutcome.Stored, text,
            after with { Chunks = Chunks + 1, TextBytes = TextBytes + text.Length, LimitReached = limited });
    }
}

/// <param name="Text">The bytes to store as the log's next chunk (the chunk's text or the limit marker), or null.</param>
public readonly record struct TaskLogDecision(TaskLogOutcome Outcome, byte[]? Text, TaskLogEnd After);

public enum TaskLogOutcome
{
    Stored,
    /// <summary>Accepted but not kept: the log reached its limit (the marker line is stored instead, once).</summary>
    Dropped,
    /// <summary>At or before the highest (assignment, log_seq) stored: nothing stored.</summary>
    Repeat,
}
