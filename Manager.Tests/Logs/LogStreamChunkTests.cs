using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Manager.Actors.Common;
using Manager.Http.Logs.Streaming;

namespace Manager.Tests.Logs;

public sealed class LogStreamChunkTests
{
    private static LogStreamChunk? Parse(string message, out LogStreamAck? refusal) =>
        LogStreamChunk.Parse(Encoding.UTF8.GetBytes(message), out refusal);

    [Fact]
    public void A_chunk_reads_its_four_fields_and_ignores_others()
    {
        var chunk = Parse("""{"task_id":7,"assignment":3,"log_seq":2,"log":"Fra:1\n","extra":{"a":[1,2]}}""", out var refusal);

        Assert.Null(refusal);
        Assert.Equal(new LogStreamChunk(7, 3, 2, "Fra:1\n"), chunk);
    }

    [Fact]
    public void The_assignment_may_be_left_out()
    {
        Assert.Equal(new LogStreamChunk(7, null, 1, "x"), Parse("""{"log":"x","log_seq":1,"task_id":7}""", out _));
        Assert.Equal(new LogStreamChunk(7, null, 1, "x"), Parse("""{"task_id":7,"assignment":null,"log_seq":1,"log":"x"}""", out _));
    }

    [Theory]
    [InlineData("""{"log_seq":1,"log":"x"}""", null, 1L, "task_id is required")]
    [InlineData("""{"task_id":7,"log":"x"}""", 7L, null, "log_seq is required")]
    [InlineData("""{"task_id":7,"log_seq":1}""", 7L, 1L, "log is required")]
    [InlineData("""{"task_id":7,"log_seq":1,"log":""}""", 7L, 1L, "log is required")]
    [InlineData("""{"task_id":7,"log_seq":0,"log":"x"}""", 7L, null, "log_seq must be a whole number, 1 or more")]
    [InlineData("""{"task_id":"7","log_seq":1,"log":"x"}""", null, null, "task_id must be a whole number")]
    [InlineData("""{"task_id":7,"assignment":-1,"log_seq":1,"log":"x"}""", 7L, null, "assignment must be")]
    [InlineData("""{"task_id":7,"log_seq":1,"log":5}""", 7L, 1L, "log must be a string")]
    [InlineData("""[1,2]""", null, null, "is a JSON object")]
    [InlineData("""{"task_id":7,""", 7L, null, "not valid JSON")]
    public void What_is_not_a_chunk_is_refused_422_with_the_ids_read_so_far(string message, long? taskId, long? logSeq, string detail)
    {
        Assert.Null(Parse(message, out var refusal));

        Assert.Equal((taskId, logSeq, 422), (refusal!.TaskId, refusal.LogSeq, refusal.Status));
        Assert.Contains(detail, refusal.Detail);
    }

    [Fact]
    public void Acknowledgements_go_as_one_array_with_each_refusal_s_status_and_detail()
    {
        var chunk = new LogStreamChunk(7, null, 2, "x");
        var output = new ArrayBufferWriter<byte>();

        LogStreamAck.WriteBatch(output, [
            LogStreamAck.Of(chunk),
            LogStreamAck.Refused(chunk, new Refusal.Conflict("not yours")),
            LogStreamAck.Refused(chunk, new Refusal.NotFound("no task 7")),
            LogStreamAck.NotStored(chunk, "disk"),
            new LogStreamAck(null, null, 422, "not json"),
        ]);

        var acks = JsonNode.Parse(output.WrittenSpan)!.AsArray();
        Assert.Equal("""{"task_id":7,"log_seq":2,"status":204}""", acks[0]!.ToJsonString());
        Assert.Equal("""{"task_id":7,"log_seq":2,"status":409,"detail":"not yours"}""", acks[1]!.ToJsonString());
        Assert.Equal(404, (int)acks[2]!["status"]!);
        Assert.Equal(503, (int)acks[3]!["status"]!);
        Assert.Equal("""{"task_id":null,"log_seq":null,"status":422,"detail":"not json"}""", acks[4]!.ToJsonString());
    }
}
