namespace Manager.Http.Logs;

/// <summary>
/// The text of a task's log file (<see cref="LogFrame"/>s) as a read-only stream, frame headers left out, up to the end
/// the log had when it was opened: a 64 MiB log is sent without holding it in memory.
/// </summary>
internal sealed class TaskLogTextStream(FileStream file, long end) : Stream
{
    private readonly byte[] _header = new byte[LogFrame.HeaderSize];
    private long _position;  // in the file
    private int _leftInFrame;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || !NextText()) return 0;
        file.Position = _position;
        var read = file.Read(buffer[..Math.Min(buffer.Length, _leftInFrame)]);
        if (read == 0) return 0; // the file was cut behind our back (the task was deleted)
        Advance(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || !await NextTextAsync(cancellationToken)) return 0;
        file.Position = _position;
        var read = await file.ReadAsync(buffer[..Math.Min(buffer.Length, _leftInFrame)], cancellationToken);
        if (read == 0) return 0;
        Advance(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Advance(int read)
    {
        _position += read;
        _leftInFrame -= read;
        if (_leftInFrame == 0) _position += LogFrame.TrailerSize;
    }

    /// <summary>Moves to the next frame with text left; false at the end.</summary>
    private bool NextText()
    {
        while (_leftInFrame == 0)
        {
            if (_position + LogFrame.Overhead > end) return false;
            file.Position = _position;
            file.ReadExactly(_header);
            if (!Enter()) return false;
        }
        return true;
    }

    private async ValueTask<bool> NextTextAsync(CancellationToken cancellationToken)
    {
        while (_leftInFrame == 0)
        {
            if (_position + LogFrame.Overhead > end) return false;
            file.Position = _position;
            await file.ReadExactlyAsync(_header, cancellationToken);
            if (!Enter()) return false;
        }
        return true;
    }

    private bool Enter()
    {
        if (LogFrame.ReadHeader(_header) is not { } frame || _position + frame.Size > end) return false;
        _position += LogFrame.HeaderSize;
        _leftInFrame = frame.Length;
        if (_leftInFrame == 0) _position += LogFrame.TrailerSize;
        return true;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) file.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync();
        await base.DisposeAsync();
    }
}
