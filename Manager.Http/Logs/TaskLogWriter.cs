using System.Threading.Channels;

namespace Manager.Http.Logs;

/// <summary>
/// Group commit: chunks from concurrent requests queue here, and one loop writes whatever is waiting in one
/// transaction (<see cref="TaskLogDatabase.WriteAsync"/>), then completes each request's task — so a request's answer
/// goes out only after its chunk is committed, and N chunks arriving together cost one commit (one fsync), not N.
/// </summary>
public sealed class TaskLogWriter : IAsyncDisposable
{
    public const int DefaultMaxBatch = 256;

    private readonly Func<IReadOnlyList<TaskLogChunk>, Task<TaskLogOutcome[]>> _writeBatch;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _transactions;

    /// <param name="writeBatch">Writes the chunks in one transaction and answers each one's outcome, in order; throws when nothing was written.</param>
    public TaskLogWriter(Func<IReadOnlyList<TaskLogChunk>, Task<TaskLogOutcome[]>> writeBatch, int maxBatch = DefaultMaxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _writeBatch = writeBatch;
        _maxBatch = maxBatch;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Transactions written so far (each holds one or more chunks).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Completes once the chunk's transaction committed; faults when it could not be written.</summary>
    public Task<TaskLogOutcome> WriteAsync(TaskLogChunk chunk)
    {
        var pending = new Pending(chunk, new TaskCompletionSource<TaskLogOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(TaskLogWriter), "the log writer is stopped");
        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            if (!await TryWriteAsync(batch) && batch.Count > 1)
            {
                // One bad chunk must not fail the others: each is written alone, and only what fails again is refused.
                foreach (var pending in batch) await TryWriteAsync([pending]);
            }
            batch.Clear();
        }
    }

    /// <summary>Writes the batch in one transaction and completes its requests; false (requests left pending) when it failed and may be split.</summary>
    private async Task<bool> TryWriteAsync(List<Pending> batch)
    {
        Interlocked.Increment(ref _transactions);
        try
        {
            var outcomes = await _writeBatch(batch.ConvertAll(p => p.Chunk));
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
            return true;
        }
        catch (Exception e)
        {
            if (batch.Count > 1) return false;
            batch[0].Done.TrySetException(e);
            return true;
        }
    }

    /// <summary>Stops taking chunks and waits until those queued are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private sealed record Pending(TaskLogChunk Chunk, TaskCompletionSource<TaskLogOutcome> Done);
}
