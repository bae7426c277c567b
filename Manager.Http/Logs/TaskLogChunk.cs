namespace Manager.Http.Logs;

/// <summary>A chunk of a task's output as the holder sent it, to be stored once per (<see cref="Assignment"/>, <see cref="LogSeq"/>).</summary>
/// <param name="LogSeq">Null for a chunk sent without log_seq: always stored.</param>
/// <param name="Text">UTF-8, ending with a line break.</param>
public sealed record TaskLogChunk(long TaskId, long Assignment, long? LogSeq, byte[] Text);
