using System.Text;

namespace Manager.Worker;

/// <summary>
/// Gathers output lines into chunks for <c>PATCH /tasks/{id}</c> <c>log</c>: a chunk is at most
/// <c>maxBytes</c> UTF-8 bytes of whole lines (each ending in '\n'), and is due once its first
/// line has waited <c>maxDelay</c>. A single line longer than a chunk is cut into pieces.
/// Pure and single-threaded: the caller passes the time and holds any lock.
/// </summary>
public sealed class LogChunker
{
    private readonly int _maxBytes;
    private readonly TimeSpan _maxDelay;
    private readonly StringBuilder _buffer = new();
    private int _bytes;
    private TimeSpan? _firstLineAt;

    public LogChunker(int maxBytes, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 8);
        _maxBytes = maxBytes;
        _maxDelay = maxDelay;
    }

    /// <summary>UTF-8 bytes waiting in the current chunk.</summary>
    public int PendingBytes => _bytes;

    /// <summary>Adds one line (without its terminator); answers the chunks it completed, usually none.</summary>
    public IReadOnlyList<string> Add(string line, TimeSpan now)
    {
        List<string>? full = null;
        var lineBytes = Encoding.UTF8.GetByteCount(line) + 1;

        if (_bytes > 0 && _bytes + lineBytes > _maxBytes)
            (full ??= []).Add(Take());

        if (lineBytes <= _maxBytes)
            Append(line, lineBytes, now);
        else
        {
            foreach (var piece in Split(line, _maxBytes - 1))
                (full ??= []).Add(piece + "\n");
        }

        if (_bytes == _maxBytes)
            (full ??= []).Add(Take());
        return full ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The pending chunk if its first line has waited long enough, else <c>null</c>.</summary>
    public string? TakeDue(TimeSpan now) => DueIn(now) == TimeSpan.Zero ? Take() : null;

    /// <summary>How long until the pending chunk is due (zero: now); <c>null</c> when nothing is pending.</summary>
    public TimeSpan? DueIn(TimeSpan now)
    {
        if (_firstLineAt is not { } first)
            return null;
        var left = first + _maxDelay - now;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whatever is pending, due or not (at the end of the output); <c>null</c> when nothing is.</summary>
    public string? Flush() => _bytes > 0 ? Take() : null;

    private void Append(string line, int lineBytes, TimeSpan now)
    {
        _buffer.Append(line).Append('\n');
        _bytes += lineBytes;
        _firstLineAt ??= now;
    }

    private string Take()
    {
        var chunk = _buffer.ToString();
        _buffer.Clear();
        _bytes = 0;
        _firstLineAt = null;
        return chunk;
    }

    /// <summary>Cuts text into pieces of at most <paramref name="maxBytes"/> UTF-8 bytes, never inside a character.</summary>
    internal static IEnumerable<string> Split(string text, int maxBytes)
    {
        var piece = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                yield return piece.ToString();
                piece.Clear();
                bytes = 0;
            }
            piece.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }
        if (piece.Length > 0)
            yield return piece.ToString();
    }
}
