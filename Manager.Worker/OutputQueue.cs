using System.Text;

namespace Manager.Worker;

/// <summary>
/// Log chunks waiting to be sent, bounded in bytes: while the manager is unreachable the oldest
/// chunks give way to new ones, and the next chunk sent says how much was dropped.
/// Pure and single-threaded: the caller holds any lock.
/// </summary>
public sealed class OutputQueue(long maxBytes)
{
    private readonly Queue<(string Chunk, int Bytes)> _chunks = new();
    private long _droppedBytes;

    public long Bytes { get; private set; }

    public int Count => _chunks.Count;

    public long DroppedBytes { get; private set; }

    public void Enqueue(string chunk)
    {
        var bytes = Encoding.UTF8.GetByteCount(chunk);
        _chunks.Enqueue((chunk, bytes));
        Bytes += bytes;
        while (Bytes > maxBytes && _chunks.Count > 1)
        {
            var (_, dropped) = _chunks.Dequeue();
            Bytes -= dropped;
            _droppedBytes += dropped;
            DroppedBytes += dropped;
        }
    }

    public bool TryDequeue(out string chunk)
    {
        if (!_chunks.TryDequeue(out var next))
        {
            chunk = "";
            return false;
        }
        Bytes -= next.Bytes;
        chunk = next.Chunk;
        if (_droppedBytes > 0)
        {
            chunk = $"[worker: {_droppedBytes} bytes of output dropped while the manager was unreachable]\n" + chunk;
            _droppedBytes = 0;
        }
        return true;
    }
}
