using System.Buffers.Binary;

namespace Manager.Http.Logs;

/// <summary>
/// How a task's log file is laid out: one frame per stored chunk, <c>header · text · length</c>. The header carries the
/// chunk's place in the dedup order (<see cref="Assignment"/>, <see cref="Seq"/>) and the log's text length after it,
/// so the chunk and the record that it was stored become durable in the same write and the same fsync. The trailing
/// length lets the last frame be found from the end of the file without reading the frames before it.
/// </summary>
/// <param name="Kind">Text, or the one marker that says the log reached its limit.</param>
/// <param name="Length">Bytes of UTF-8 text in this frame.</param>
/// <param name="Checksum">FNV-1a of the text: a frame torn by a crash during its (never answered) write is told apart.</param>
/// <param name="Assignment">With <see cref="Seq"/>: the highest (assignment, log_seq) stored so far, this chunk included.</param>
/// <param name="Seq">0 when no chunk of <see cref="Assignment"/> carried a log_seq.</param>
/// <param name="TextEnd">Text bytes in the log up to and including this frame.</param>
internal readonly record struct LogFrame(LogFrameKind Kind, int Length, uint Checksum, long Assignment, long Seq, long TextEnd)
{
    public const int HeaderSize = 40;
    public const int TrailerSize = 4;
    public const int Overhead = HeaderSize + TrailerSize;
    private const uint Magic = 0x314B4C54; // "TLK1"

    public long Size => Overhead + (long)Length;

    public void WriteHeader(Span<byte> header)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], (int)Kind);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], Checksum);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], Assignment);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], Seq);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], TextEnd);
    }

    public static void WriteTrailer(Span<byte> trailer, int length) => BinaryPrimitives.WriteInt32LittleEndian(trailer, length);

    public static int ReadTrailer(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadInt32LittleEndian(trailer);

    /// <summary>The header, or null when these bytes are not one.</summary>
    public static LogFrame? ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic) return null;
        var kind = (LogFrameKind)BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (kind is not (LogFrameKind.Text or LogFrameKind.LimitMarker) || length < 0) return null;
        return new LogFrame(kind, length, BinaryPrimitives.ReadUInt32LittleEndian(header[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[16..]), BinaryPrimitives.ReadInt64LittleEndian(header[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[32..]));
    }

    /// <summary>Whether a log file's first bytes start a frame, or are zeros (a first frame torn by a crash) — not plain text.</summary>
    public static bool IsFramedOrTorn(ReadOnlySpan<byte> start) =>
        start.IndexOfAnyExcept((byte)0) < 0
        || (start.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(start) == Magic);

    /// <summary>FNV-1a (32 bit): cheap, and enough to tell a torn write from a complete one.</summary>
    public static uint ChecksumOf(ReadOnlySpan<byte> text)
    {
        var hash = 2166136261u;
        foreach (var b in text)
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }
}

internal enum LogFrameKind
{
    Text = 0,
    LimitMarker = 1,
}
