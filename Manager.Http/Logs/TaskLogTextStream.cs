namespace Manager.Http.Logs;

/// <summary>
/// A task's log text as a read-only stream, read from the database a page of chunks at a time up to the last chunk
/// stored when it was opened: a 64 MiB log is sent without holding it in memory, and appends meanwhile are not shown.
/// </summary>
internal sealed class TaskLogTextStream(TaskLogDatabase database, long taskId, long lastChunk) : Stream
{
    private const int ChunksPerPage = 32;

    private readonly Queue<byte[]> _page = new();
    private long _chunksRead;
    private byte[]? _current;
    private int _offset;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (_current is null || _offset == _current.Length)
        {
            if (_page.Count == 0)
            {
                if (_chunksRead >= lastChunk) return 0;
                var texts = await ReadPageAsync(cancellationToken);
                if (texts.Count == 0) return 0; // deleted while being read
                foreach (var text in texts) _page.Enqueue(text);
                _chunksRead += texts.Count;
            }
            _current = _page.Dequeue();
            _offset = 0;
        }
        var n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    private async Task<List<byte[]>> ReadPageAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.ReadChunksAsync(taskId, _chunksRead, lastChunk, ChunksPerPage, cancel: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TaskLogUnavailableException(taskId, e, "read");
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
