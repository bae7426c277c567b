using System.Buffers;
using System.Text.Json;
using Manager.Actors.Common;

namespace Manager.Http.Logs.Streaming;

/// <summary>
/// The manager's answer to one chunk of a log stream, with the status its PATCH /tasks/{id} would have had: 204 stored
/// (durable, readable from every node; also for a chunk stored before), 409 the sender does not hold the task (stop
/// sending its output), 404 no such task, 422 not a chunk, 503 not stored (send it again). Acknowledgements travel as
/// one JSON array per message, <c>[{"task_id":…,"log_seq":…,"status":…,"detail":…}, …]</c>, in no particular order.
/// </summary>
public sealed record LogStreamAck(long? TaskId, long? LogSeq, int Status, string? Detail = null)
{
    public const int Stored = 204;
    public const int Unprocessable = 422;
    public const int Unavailable = 503;

    public static LogStreamAck Of(LogStreamChunk chunk) => new(chunk.TaskId, chunk.LogSeq, Stored);

    /// <summary>The refusal's status as the HTTP layer gives it (ProblemResults.From).</summary>
    public static LogStreamAck Refused(LogStreamChunk chunk, Refusal refusal) => new(chunk.TaskId, chunk.LogSeq, refusal switch
    {
        Refusal.NotFound => 404,
        Refusal.Conflict => 409,
        Refusal.Forbidden => 403,
        _ => Unprocessable,
    }, refusal.Detail);

    public static LogStreamAck NotStored(LogStreamChunk chunk, string why) => new(chunk.TaskId, chunk.LogSeq, Unavailable, why);

    /// <summary>Writes the acknowledgements as one JSON array.</summary>
    public static void WriteBatch(IBufferWriter<byte> output, IEnumerable<LogStreamAck> acks)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        foreach (var ack in acks)
        {
            json.WriteStartObject();
            if (ack.TaskId is { } taskId) json.WriteNumber("task_id"u8, taskId);
            else json.WriteNull("task_id"u8);
            if (ack.LogSeq is { } logSeq) json.WriteNumber("log_seq"u8, logSeq);
            else json.WriteNull("log_seq"u8);
            json.WriteNumber("status"u8, ack.Status);
            if (ack.Detail is not null) json.WriteString("detail"u8, ack.Detail);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
