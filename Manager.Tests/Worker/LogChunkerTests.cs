using System.Text;
using Manager.Worker;

namespace Manager.Tests.Worker;

public class LogChunkerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Lines_wait_until_the_interval_has_passed_since_the_first_one()
    {
        var chunker = new LogChunker(1024, Second);

        Assert.Empty(chunker.Add("Fra:1", TimeSpan.Zero));
        Assert.Empty(chunker.Add("Fra:2", TimeSpan.FromMilliseconds(600)));
        Assert.Null(chunker.TakeDue(TimeSpan.FromMilliseconds(999)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), chunker.DueIn(TimeSpan.FromMilliseconds(999)));

        Assert.Equal("Fra:1\nFra:2\n", chunker.TakeDue(Second));
        Assert.Null(chunker.DueIn(Second));
        Assert.Null(chunker.Flush());
    }

    [Fact]
    public void A_chunk_never_exceeds_the_size_and_keeps_lines_whole()
    {
        var chunker = new LogChunker(16, Second);

        Assert.Empty(chunker.Add("0123456", TimeSpan.Zero));       // 8 bytes with '\n'
        var full = chunker.Add("abcdefghij", TimeSpan.Zero);      // 11 bytes: does not fit
        Assert.Equal(["0123456\n"], full);
        Assert.Equal("abcdefghij\n", chunker.Flush());
    }

    [Fact]
    public void A_chunk_that_reaches_the_size_exactly_is_complete_at_once()
    {
        var chunker = new LogChunker(8, Second);

        Assert.Equal(["1234567\n"], chunker.Add("1234567", TimeSpan.Zero));
        Assert.Equal(0, chunker.PendingBytes);
    }

    [Fact]
    public void A_line_longer_than_a_chunk_is_cut_without_breaking_characters()
    {
        var chunker = new LogChunker(8, Second);
        chunker.Add("ab", TimeSpan.Zero);

        var line = "ééééé€€"; // 2-byte and 3-byte characters: 16 bytes
        var chunks = chunker.Add(line, TimeSpan.Zero);

        Assert.Equal("ab\n", chunks[0]);
        Assert.All(chunks, c => Assert.True(Encoding.UTF8.GetByteCount(c) <= 8));
        Assert.Equal(line, string.Concat(chunks.Skip(1).Select(c => c.TrimEnd('\n'))));
        Assert.DoesNotContain('\uFFFD', string.Concat(chunks));
    }

    [Fact]
    public void Size_counts_utf8_bytes_not_characters()
    {
        var chunker = new LogChunker(10, Second);
        chunker.Add("€€", TimeSpan.Zero);                          // 7 bytes
        Assert.Equal(["€€\n"], chunker.Add("xyz", TimeSpan.Zero)); // 7 + 4 > 10
    }

    [Fact]
    public void Flush_hands_over_what_is_pending_at_the_end()
    {
        var chunker = new LogChunker(1024, Second);
        chunker.Add("Blender quit", TimeSpan.Zero);

        Assert.Equal("Blender quit\n", chunker.Flush());
        Assert.Null(chunker.Flush());
    }

    [Fact]
    public void The_output_queue_drops_the_oldest_when_full_and_says_so()
    {
        var queue = new OutputQueue(maxBytes: 10);
        queue.Enqueue("aaaa\n");
        queue.Enqueue("bbbb\n");
        queue.Enqueue("cccc\n"); // 15 bytes > 10: "aaaa" goes

        Assert.Equal(5, queue.DroppedBytes);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal("[worker: 5 bytes of output dropped while the manager was unreachable]\nbbbb\n", first);
        Assert.True(queue.TryDequeue(out var second));
        Assert.Equal("cccc\n", second);
        Assert.False(queue.TryDequeue(out _));
        Assert.Equal(0, queue.Bytes);
    }

    [Fact]
    public void The_output_queue_keeps_a_single_chunk_even_if_it_is_larger_than_the_bound()
    {
        var queue = new OutputQueue(maxBytes: 2);
        queue.Enqueue("large\n");

        Assert.True(queue.TryDequeue(out var chunk));
        Assert.Equal("large\n", chunk);
    }
}
