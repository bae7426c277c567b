using System.Globalization;

namespace Manager.Actors.Jobs;

/// <summary>What is wrong with a frame list: the 0-based character position in the text and a message for a person.</summary>
public sealed record FrameListProblem(int Position, string Message)
{
    public override string ToString() => $"position {Position}: {Message}";
}

/// <summary>Either the frames of a list (sorted, distinct) or the first problem with it.</summary>
public sealed record FrameListResult(int[]? Frames, FrameListProblem? Problem)
{
    public bool IsValid => Frames is not null;
}

/// <summary>
/// A job's <c>frames</c> text, such as <c>1-240</c> or <c>1-10,20,30-40</c>: items separated by commas, each a frame
/// or an inclusive range <c>start-end</c> with start ≤ end. Spaces and tabs around numbers are ignored
/// (<c>1 - 10, 20</c>); duplicates and overlaps are merged; the order of the items does not matter. Frames are
/// 0 … <see cref="MaxFrame"/>: Blender's command line reads <c>-s -5</c> as five frames before the scene's own end,
/// not as frame −5, so a negative frame cannot be rendered by a task. At most <see cref="MaxFrames"/> distinct frames.
/// </summary>
/// <remarks>
/// The parse never materialises more than <see cref="MaxFrames"/> frames: the ranges are merged first and counted.
/// The first problem found in reading order is answered, except the count, which is checked once the whole list reads.
/// </remarks>
public static class FrameList
{
    /// <summary>Blender's MAXFRAME, as for a task's <c>frame_end</c>.</summary>
    public const int MaxFrame = 1_048_574;

    public const int MaxFrames = 100_000;

    private readonly record struct Range(int Start, int End, int Position);

    public static FrameListResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Fail(0, "the frame list is empty; give frames such as 1-240 or 1-10,20,30-40");

        var items = new List<Range>();
        var i = 0;
        var comma = -1;
        while (true)
        {
            SkipBlanks(text, ref i);
            var itemStart = i;
            if (i == text.Length)
                return Fail(comma, "the list ends with ','; remove it or write a frame after it");
            if (text[i] == ',')
                return Fail(i, "an empty item; write a frame or a range between commas");
            if (ReadFrame(text, ref i, out var start) is { } startProblem) return startProblem;
            var end = start;
            SkipBlanks(text, ref i);
            if (i < text.Length && text[i] == '-')
            {
                i++;
                SkipBlanks(text, ref i);
                if (i == text.Length || text[i] == ',')
                    return Fail(i, $"the range at position {itemStart} has no end; write it as start-end, e.g. {start}-{start + 1}");
                if (ReadFrame(text, ref i, out end) is { } endProblem) return endProblem;
                SkipBlanks(text, ref i);
                if (end < start)
                    return Fail(itemStart, $"'{Item(text, itemStart, i)}' is a reversed range ({start} > {end}); write it as {end}-{start}");
            }
            if ((long)end - start + 1 > MaxFrames)
                return Fail(itemStart, string.Create(CultureInfo.InvariantCulture,
                    $"'{Item(text, itemStart, i)}' has {(long)end - start + 1:N0} frames, more than {MaxFrames:N0}, the most a job may have"));
            items.Add(new Range(start, end, itemStart));
            if (i == text.Length) break;
            if (text[i] != ',')
                return Fail(i, $"unexpected {Show(text[i])}; items are frames or ranges (start-end) separated by ','");
            comma = i++;
        }

        var merged = Merge(items, items.Count, out var count);
        if (count > MaxFrames)
        {
            var culprit = FirstItemOverCap(items);
            return Fail(items[culprit].Position, string.Create(CultureInfo.InvariantCulture,
                $"the list has {count:N0} frames, more than {MaxFrames:N0}, the most a job may have; it passes the limit at this item"));
        }

        var frames = new int[count];
        var n = 0;
        foreach (var (s, e, _) in merged)
            for (var f = s; f <= e; f++) frames[n++] = f;
        return new FrameListResult(frames, null);
    }

    private static FrameListResult Fail(int position, string message) => new(null, new FrameListProblem(position, message));

    private static void SkipBlanks(string text, ref int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t') i++;
    }

    /// <summary>A character as a person can read it in a message: control characters (a line break, …) as U+XXXX.</summary>
    private static string Show(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Item(string text, int from, int to)
    {
        var item = text[from..to].TrimEnd(' ', '\t');
        return item.Length <= 40 ? item : item[..40] + "…";
    }

    /// <summary>Reads the digits at <paramref name="i"/>; the problem when there are none or the number is above <see cref="MaxFrame"/>.</summary>
    private static FrameListResult? ReadFrame(string text, ref int i, out int frame)
    {
        frame = 0;
        var from = i;
        if (text[i] == '-')
            return Fail(i, "frames cannot be negative: Blender's command line reads -N as relative to the scene's range; frames are 0 … " + MaxFrame);
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            if (value <= MaxFrame) value = value * 10 + (text[i] - '0');
            i++;
        }
        if (i == from)
            return Fail(i, $"{Show(text[i])} is not a frame number; items are frames or ranges (start-end) of whole numbers separated by ','");
        if (value > MaxFrame)
            return Fail(from, $"frame {Item(text, from, i)} is above {MaxFrame}, the largest frame Blender renders");
        frame = (int)value;
        return null;
    }

    /// <summary>The first <paramref name="take"/> items as sorted, non-overlapping, non-adjacent ranges, and how many frames they hold.</summary>
    private static List<(int Start, int End, int _)> Merge(List<Range> items, int take, out long count)
    {
        var sorted = items.Take(take).OrderBy(r => r.Start).ToList();
        var merged = new List<(int Start, int End, int _)>();
        count = 0;
        foreach (var item in sorted)
        {
            if (merged.Count > 0 && item.Start <= merged[^1].End + 1)
            {
                var last = merged[^1];
                if (item.End > last.End)
                {
                    count += item.End - last.End;
                    merged[^1] = (last.Start, item.End, 0);
                }
            }
            else
            {
                merged.Add((item.Start, item.End, 0));
                count += (long)item.End - item.Start + 1;
            }
        }
        return merged;
    }

    /// <summary>The index of the item (in reading order) at which the distinct count first passes the cap (binary search over prefixes).</summary>
    private static int FirstItemOverCap(List<Range> items)
    {
        int low = 1, high = items.Count; // the prefix of `high` items is over the cap
        while (low < high)
        {
            var mid = (low + high) / 2;
            Merge(items, mid, out var count);
            if (count > MaxFrames) high = mid; else low = mid + 1;
        }
        return high - 1;
    }
}
