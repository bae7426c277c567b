using System.Text.Json;

namespace Manager.Http.Logs.Streaming;

/// <summary>
/// One message a worker sends on its log stream (<c>GET /workers/{id}/log-stream</c>, docs/api.md "Log stream"): a chunk
/// of a task's output, <c>{"task_id":…, "assignment":…, "log_seq":…, "log":"…"}</c>. <c>assignment</c> may be left out
/// or null (the current one, as for PATCH /tasks/{id}); <c>log_seq</c> may not: it is the chunk's name in its acknowledgement and
/// what makes a re-sent chunk stored once.
/// </summary>
public sealed record LogStreamChunk(long TaskId, long? Assignment, long LogSeq, string Log)
{
    /// <summary>
    /// Reads a message; null with the refusal to send back (status 422, and the ids as far as they could be read) when it
    /// is not a chunk. Fields other than these four are ignored.
    /// </summary>
    public static LogStreamChunk? Parse(ReadOnlySpan<byte> message, out LogStreamAck? refusal)
    {
        long? taskId = null, assignment = null, logSeq = null;
        string? log = null;
        string? problem = null;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                problem = "a log stream message is a JSON object: {\"task_id\", \"assignment\", \"log_seq\", \"log\"}";
            else
                while (problem is null && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("task_id"u8)) problem = ReadId(ref reader, "task_id", out taskId);
                    else if (reader.ValueTextEquals("assignment"u8)) problem = ReadId(ref reader, "assignment", out assignment, nullable: true);
                    else if (reader.ValueTextEquals("log_seq"u8)) problem = ReadId(ref reader, "log_seq", out logSeq);
                    else if (reader.ValueTextEquals("log"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String) log = reader.GetString();
                        else problem = "log must be a string";
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON: {e.Message}";
        }

        problem ??= taskId is null ? "task_id is required"
            : logSeq is null ? "log_seq is required: it names the chunk in its acknowledgement"
            : string.IsNullOrEmpty(log) ? "log is required and not empty"
            : null;
        refusal = problem is null ? null : new LogStreamAck(taskId, logSeq, LogStreamAck.Unprocessable, problem);
        return problem is null ? new LogStreamChunk(taskId!.Value, assignment, logSeq!.Value, log!) : null;
    }

    private static string? ReadId(ref Utf8JsonReader reader, string name, out long? value, bool nullable = false)
    {
        reader.Read();
        value = null;
        if (nullable && reader.TokenType == JsonTokenType.Null) return null;
        value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) && number >= 1 ? number : null;
        return value is null ? $"{name} must be a whole number, 1 or more" : null;
    }
}
