using System.Collections.Concurrent;
using Manager.Http.Logs;

namespace Manager.Tests.Logs;

/// <summary>Group commit, with a stand-in for the database: what queues while a transaction is written goes into the next one.</summary>
public sealed class TaskLogWriterTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static TaskLogChunk Chunk(long task, string text) => new(task, 1, null, System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Chunks_that_queue_during_a_write_share_the_next_transaction_and_are_answered_only_after_it()
    {
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<int>();
        await using var writer = new TaskLogWriter(async chunks =>
        {
            batches.Enqueue(chunks.Count);
            if (batches.Count == 1)
            {
                firstEntered.SetResult();
                await releaseFirst.Task;
            }
            return chunks.Select(_ => TaskLogOutcome.Stored).ToArray();
        });

        var first = writer.WriteAsync(Chunk(1, "first"));
        await firstEntered.Task.WaitAsync(Bound);
        var waiting = Enumerable.Range(2, 49).Select(i => writer.WriteAsync(Chunk(i, $"chunk {i}"))).ToList();

        Assert.False(first.IsCompleted); // its transaction has not committed yet
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        releaseFirst.SetResult();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Bound);

        Assert.Equal([1, 49], batches.ToArray());
        Assert.Equal(2, writer.Transactions);
    }

    [Fact]
    public async Task A_chunk_that_fails_its_batch_fails_alone_and_the_others_are_written()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new ConcurrentBag<long>();
        await using var writer = new TaskLogWriter(async chunks =>
        {
            if (entered.TrySetResult()) await gate.Task;
            if (chunks.Any(c => c.TaskId == 13)) throw new IOException("disk full for task 13");
            foreach (var c in chunks) written.Add(c.TaskId);
            return chunks.Select(_ => TaskLogOutcome.Stored).ToArray();
        });

        var first = writer.WriteAsync(Chunk(1, "a"));
        await entered.Task.WaitAsync(Bound);
        var good = new[] { 11L, 12L, 14L }.Select(t => writer.WriteAsync(Chunk(t, "ok"))).ToList();
        var bad = writer.WriteAsync(Chunk(13, "bad"));
        gate.SetResult();

        await Task.WhenAll(good.Append(first)).WaitAsync(Bound);
        var e = await Assert.ThrowsAsync<IOException>(() => bad.WaitAsync(Bound));
        Assert.Contains("task 13", e.Message);
        Assert.Equal([1L, 11, 12, 14], written.Order());
    }

    [Fact]
    public async Task Disposing_writes_what_is_queued_and_then_refuses_more()
    {
        var writes = 0;
        var writer = new TaskLogWriter(chunks =>
        {
            Interlocked.Add(ref writes, chunks.Count);
            return Task.FromResult(chunks.Select(_ => TaskLogOutcome.Stored).ToArray());
        });
        var queued = Enumerable.Range(1, 20).Select(i => writer.WriteAsync(Chunk(i, "x"))).ToList();

        await writer.DisposeAsync();

        Assert.All(queued, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(20, writes);
        Assert.Throws<ObjectDisposedException>(() => { _ = writer.WriteAsync(Chunk(1, "late")); });
    }
}
