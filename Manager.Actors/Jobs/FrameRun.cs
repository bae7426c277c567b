namespace Manager.Actors.Jobs;

/// <summary>A contiguous run of frames, <c>Start</c> … <c>End</c> inclusive: what one render task renders.</summary>
public readonly record struct FrameRun(int Start, int End)
{
    public int Count => End - Start + 1;

    public override string ToString() => Start == End ? $"{Start}" : $"{Start}-{End}";
}
