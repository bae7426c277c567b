using System.Diagnostics;

namespace Manager.Worker;

/// <summary>A log chunk on its way to the manager, with its <c>log_seq</c> (kept when it is sent again).</summary>
internal readonly record struct OutputChunk(string Text, long? Seq);

/// <summary>
/// A task's output between the commands (<see cref="Add"/>, any thread) and the <see cref="OutputShipper"/>
/// (<see cref="NextAsync"/>): lines gathered into chunks (<see cref="LogChunker"/>), chunks waiting while the
/// manager is unreachable (<see cref="OutputQueue"/>), and the one chunk in flight until the manager takes it.
/// </summary>
internal sealed class TaskOutput
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly LogChunker _chunker;
    private readonly OutputQueue _queue;
    private readonly Func<long?> _nextSeq;
    private OutputChunk? _inFlight; // taken from the queue, not yet accepted by the manager; keeps its number
    private bool _done;

    /// <param name="nextSeq">Numbers each chunk when it is first taken to be sent (<see cref="TaskFence.NextLogSeq"/>).</param>
    public TaskOutput(WorkerOptions options, Func<long?> nextSeq)
    {
        _chunker = new LogChunker(options.ChunkBytes, options.ChunkInterval);
        _queue = new OutputQueue(options.QueueBytes);
        _nextSeq = nextSeq;
    }

    public void Add(string line)
    {
        bool wake;
        lock (_gate)
        {
            var wasEmpty = _chunker.PendingBytes == 0;
            var full = _chunker.Add(line, _clock.Elapsed);
            foreach (var chunk in full)
                _queue.Enqueue(chunk);
            wake = wasEmpty || full.Count > 0;
        }
        if (wake)
            Wake();
    }

    /// <summary>No more lines: what is left becomes the last chunk.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_chunker.Flush() is { } rest)
                _queue.Enqueue(rest);
            _done = true;
        }
        Wake();
    }

    /// <summary>
    /// The chunk to send now — the one in flight again until <see cref="Sent"/> — waiting for one to be
    /// due; <c>null</c> once the output is finished and all sent.
    /// </summary>
    public async Task<OutputChunk?> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            TimeSpan? dueIn;
            lock (_gate)
            {
                if (_inFlight is null)
                {
                    if (_chunker.TakeDue(_clock.Elapsed) is { } due)
                        _queue.Enqueue(due);
                    if (_queue.TryDequeue(out var next))
                        _inFlight = new OutputChunk(next, _nextSeq());
                }
                if (_inFlight is { } chunk)
                    return chunk;
                if (_done)
                    return null;
                dueIn = _chunker.DueIn(_clock.Elapsed);
            }
            await _wake.WaitAsync(dueIn ?? Timeout.InfiniteTimeSpan, ct);
        }
    }

    /// <summary>The manager answered the chunk in flight (took it or refused it for good): the next one is new.</summary>
    public void Sent()
    {
        lock (_gate)
            _inFlight = null;
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }
}
