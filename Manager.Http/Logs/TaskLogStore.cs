using System.Collections.Concurrent;
using System.Text;

namespace Manager.Http.Logs;

/// <summary>
/// One append-only file per task (<c>task-{id}.log</c>, laid out in <see cref="LogFrame"/>s); logs stay out of the
/// journal so it holds only facts. A chunk is fsynced before <see cref="AppendAsync"/> returns, is stored once per
/// (assignment, log_seq), and a task's text is bounded (<see cref="MaxBytesPerTask"/>): what goes beyond is dropped
/// behind one marker line.
/// </summary>
/// <remarks>
/// Deduplication costs no second fsync: a chunk's (assignment, log_seq) is written in the header of its own frame,
/// so the chunk and the record that it was stored are durable together or not at all. Chunks of one assignment come in
/// seq order from its one holder, and assignments only grow, so the highest (assignment, log_seq) stored so far — in
/// the last frame — is all it takes to recognise a repeat, also after a restart. A crash can tear only the last frame
/// (each append is fsynced before the next one starts), and that frame was never acknowledged: on first use after a
/// restart the store checks it and cuts it off when it is incomplete.
/// </remarks>
public sealed class TaskLogStore
{
    public const long DefaultMaxBytesPerTask = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    /// <summary>The end of each log this process has used; checked against the file's length before it is trusted.</summary>
    private readonly ConcurrentDictionary<long, LogEnd> _ends = new();

    /// <param name="maxBytesPerTask">Text bytes kept per task (Manager:MaxTaskLogBytes).</param>
    public TaskLogStore(string directory, long maxBytesPerTask = DefaultMaxBytesPerTask)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytesPerTask);
        Directory = Path.GetFullPath(directory);
        MaxBytesPerTask = maxBytesPerTask;
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public long MaxBytesPerTask { get; }

    public string PathOf(long taskId) => Path.Combine(Directory, $"task-{taskId}.log");

    public string LimitMarker => $"[manager] this task's log reached its limit of {MaxBytesPerTask} bytes; later output is dropped\n";

    /// <summary>
    /// Stores a chunk of the task's output durably (a line break is added when it lacks one). False, and nothing
    /// written, when (<paramref name="assignment"/>, <paramref name="logSeq"/>) is at or before the highest pair
    /// stored: a repeat of a stored chunk, or a late chunk of an assignment that was superseded. A chunk without a
    /// log_seq is always stored. Past the limit a chunk is accepted (true) but dropped.
    /// </summary>
    /// <exception cref="TaskLogUnavailableException">The chunk could not be stored; nothing of it is kept.</exception>
    public async Task<bool> AppendAsync(long taskId, long assignment, long? logSeq, string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var gate = Gate(taskId);
        await gate.WaitAsync();
        FileStream? file = null;
        LogEnd? before = null;
        try
        {
            MigrateIfPlainText(taskId);
            file = new FileStream(PathOf(taskId), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete,
                bufferSize: 0, useAsync: true);
            var end = Recover(taskId, file);
            before = end;
            var position = (assignment, seq: logSeq ?? 0);
            if (logSeq is not null && position.CompareTo((end.Assignment, end.Seq)) <= 0) return false;
            var after = position.CompareTo((end.Assignment, end.Seq)) > 0 ? position : (end.Assignment, end.Seq);

            var text = Encoding.UTF8.GetBytes(chunk.EndsWith('\n') ? chunk : chunk + "\n");
            LogFrameKind kind;
            if (end.LimitReached)
            {
                // Dropped; the position need not be durable: a repeat after a restart is dropped just the same.
                _ends[taskId] = end with { Assignment = after.Item1, Seq = after.Item2 };
                return true;
            }
            if (end.TextEnd + text.Length > MaxBytesPerTask)
            {
                kind = LogFrameKind.LimitMarker;
                text = Encoding.UTF8.GetBytes(LimitMarker);
            }
            else
            {
                kind = LogFrameKind.Text;
            }

            var frame = new LogFrame(kind, text.Length, LogFrame.ChecksumOf(text), after.Item1, after.Item2, end.TextEnd + text.Length);
            var bytes = new byte[frame.Size];
            frame.WriteHeader(bytes);
            text.CopyTo(bytes.AsSpan(LogFrame.HeaderSize));
            LogFrame.WriteTrailer(bytes.AsSpan(LogFrame.HeaderSize + text.Length), text.Length);
            file.Position = end.FileEnd;
            await file.WriteAsync(bytes);
            file.Flush(flushToDisk: true);
            _ends[taskId] = new LogEnd(end.FileEnd + frame.Size, frame.TextEnd, frame.Assignment, frame.Seq, kind == LogFrameKind.LimitMarker);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _ends.TryRemove(taskId, out _);
            if (file is not null && before is { } intact) TryCutBackTo(file, intact.FileEnd);
            throw new TaskLogUnavailableException(taskId, e);
        }
        finally
        {
            if (file is not null) await file.DisposeAsync();
            gate.Release();
        }
    }

    /// <summary>The log's text as a stream (for Results.Stream), as far as it was stored when opened; null when there is none.</summary>
    public async Task<Stream?> OpenReadAsync(long taskId)
    {
        var gate = Gate(taskId);
        await gate.WaitAsync();
        try
        {
            MigrateIfPlainText(taskId);
            if (OpenForReading(taskId) is not { } file) return null;
            return new TaskLogTextStream(file, Recover(taskId, file).FileEnd);
        }
        catch (Exception e) when (e is (IOException and not TaskLogUnavailableException) or UnauthorizedAccessException)
        {
            throw new TaskLogUnavailableException(taskId, e, "read");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The last lines of the log (up to <paramref name="maxBytes"/> of text), or null when there is none.</summary>
    public string? Tail(long taskId, int maxBytes = 4096)
    {
        var gate = Gate(taskId);
        gate.Wait();
        try
        {
            MigrateIfPlainText(taskId);
            using var file = OpenForReading(taskId);
            if (file is null) return null;
            var end = Recover(taskId, file);

            // Walk frames back from the end until enough text is collected.
            var pieces = new List<byte[]>();
            var collected = 0;
            var position = end.FileEnd;
            var trailer = new byte[LogFrame.TrailerSize];
            while (collected < maxBytes && position > 0)
            {
                file.Position = position - LogFrame.TrailerSize;
                file.ReadExactly(trailer);
                var length = LogFrame.ReadTrailer(trailer);
                var take = Math.Min(length, maxBytes - collected);
                var piece = new byte[take];
                file.Position = position - LogFrame.TrailerSize - take;
                file.ReadExactly(piece);
                pieces.Add(piece);
                collected += take;
                position -= LogFrame.Overhead + length;
            }
            pieces.Reverse();
            var text = Encoding.UTF8.GetString(pieces.SelectMany(p => p).ToArray());
            // Begun mid-text: drop the partial first line, as long as a whole line is left.
            return end.TextEnd > collected && text.IndexOf('\n') is var cut and >= 0 && cut < text.Length - 1 ? text[(cut + 1)..] : text;
        }
        catch (Exception e) when (e is (IOException and not TaskLogUnavailableException) or UnauthorizedAccessException)
        {
            throw new TaskLogUnavailableException(taskId, e, "read");
        }
        finally
        {
            gate.Release();
        }
    }

    public void Delete(long taskId)
    {
        var gate = Gate(taskId);
        gate.Wait();
        try
        {
            File.Delete(PathOf(taskId));
            _ends.TryRemove(taskId, out _);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A log written before logs were framed is plain text: it becomes one frame (through a new file renamed over it,
    /// so a crash leaves either the old or the new one). Checked once per task and process.
    /// </summary>
    private void MigrateIfPlainText(long taskId)
    {
        if (_ends.ContainsKey(taskId)) return;
        var path = PathOf(taskId);
        using (var file = OpenForReading(taskId))
        {
            if (file is null || file.Length == 0) return;
            var start = new byte[Math.Min(4, file.Length)];
            file.ReadExactly(start);
            if (LogFrame.IsFramedOrTorn(start)) return;
        }
        var text = File.ReadAllBytes(path);
        var frame = new LogFrame(LogFrameKind.Text, text.Length, LogFrame.ChecksumOf(text), 0, 0, text.Length);
        var bytes = new byte[frame.Size];
        frame.WriteHeader(bytes);
        text.CopyTo(bytes.AsSpan(LogFrame.HeaderSize));
        LogFrame.WriteTrailer(bytes.AsSpan(LogFrame.HeaderSize + text.Length), text.Length);
        var migrating = path + ".migrating";
        using (var file = new FileStream(migrating, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(migrating, path, overwrite: true);
    }

    private SemaphoreSlim Gate(long taskId) => _locks.GetOrAdd(taskId, _ => new SemaphoreSlim(1, 1));

    private FileStream? OpenForReading(long taskId)
    {
        try
        {
            return new FileStream(PathOf(taskId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where the log ends: known from this process's last append when the file still has that length (one fstat),
    /// otherwise read from the last frame, cutting off a frame torn by a crash (only a writable stream can cut).
    /// </summary>
    private LogEnd Recover(long taskId, FileStream file)
    {
        var length = file.Length;
        if (_ends.TryGetValue(taskId, out var known) && known.FileEnd == length) return known;
        var end = LastCompleteFrame(file, length);
        if (end.FileEnd < length && file.CanWrite)
        {
            file.SetLength(end.FileEnd);
            file.Flush(flushToDisk: true);
        }
        if (end.FileEnd == length || file.CanWrite) _ends[taskId] = end;
        return end;
    }

    /// <summary>The end after the last complete frame: checked from the end first (the usual case), else by a walk from the start.</summary>
    private static LogEnd LastCompleteFrame(FileStream file, long length)
    {
        if (length == 0) return LogEnd.Empty;
        if (length >= LogFrame.Overhead)
        {
            var trailer = new byte[LogFrame.TrailerSize];
            file.Position = length - LogFrame.TrailerSize;
            file.ReadExactly(trailer);
            var textLength = LogFrame.ReadTrailer(trailer);
            if (textLength >= 0 && textLength <= length - LogFrame.Overhead
                && FrameAt(file, length - LogFrame.Overhead - textLength) is { } last && last.Length == textLength)
                return EndAfter(last, length);
        }

        // A torn last frame: walk the complete frames from the start (only ever after a crash).
        var end = LogEnd.Empty;
        var position = 0L;
        while (position + LogFrame.Overhead <= length && FrameAt(file, position) is { } frame && position + frame.Size <= length)
        {
            position += frame.Size;
            end = EndAfter(frame, position);
        }
        return end;
    }

    /// <summary>The frame at this offset when its header, text (checksum) and trailer are all complete.</summary>
    private static LogFrame? FrameAt(FileStream file, long offset)
    {
        var header = new byte[LogFrame.HeaderSize];
        file.Position = offset;
        if (file.Read(header) < header.Length || LogFrame.ReadHeader(header) is not { } frame) return null;
        if (offset + frame.Size > file.Length) return null;
        var rest = new byte[frame.Length + LogFrame.TrailerSize];
        file.ReadExactly(rest);
        var text = rest.AsSpan(0, frame.Length);
        return LogFrame.ChecksumOf(text) == frame.Checksum && LogFrame.ReadTrailer(rest.AsSpan(frame.Length)) == frame.Length
            ? frame
            : null;
    }

    private static LogEnd EndAfter(LogFrame frame, long fileEnd) =>
        new(fileEnd, frame.TextEnd, frame.Assignment, frame.Seq, frame.Kind == LogFrameKind.LimitMarker);

    private static void TryCutBackTo(FileStream file, long end)
    {
        try
        {
            if (file.Length > end) file.SetLength(end);
        }
        catch (IOException)
        {
            // The next append finds the torn frame and cuts it off (Recover).
        }
    }

    /// <summary>The end of a log: file and text length, the highest (assignment, log_seq) stored, whether the marker is written.</summary>
    private readonly record struct LogEnd(long FileEnd, long TextEnd, long Assignment, long Seq, bool LimitReached)
    {
        public static readonly LogEnd Empty = new(0, 0, 0, 0, false);
    }
}
