using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>What a worker's last-frame pictures share across its tasks: the interval, and ffmpeg being missing.</summary>
public sealed class WorkerFramesTests
{
    [Fact]
    public void A_picture_may_go_at_once_and_the_next_only_after_the_interval()
    {
        var frames = new WorkerFrames((_, _) => { });
        Assert.Equal(TimeSpan.Zero, frames.Wait());

        frames.Taken();

        Assert.InRange(frames.Wait(), WorkerFrames.Interval - TimeSpan.FromSeconds(1), WorkerFrames.Interval);
    }

    [Fact]
    public void Turned_off_it_stays_off_and_says_so_once()
    {
        var said = new List<(WorkerEventKind Kind, string Message)>();
        var frames = new WorkerFrames((kind, message) => said.Add((kind, message)));

        frames.TurnOff("cannot start ffmpeg");
        frames.TurnOff("cannot start ffmpeg");

        Assert.True(frames.Off);
        var (kind, message) = Assert.Single(said);
        Assert.Equal(WorkerEventKind.Warning, kind);
        Assert.Contains("cannot start ffmpeg", message);
    }
}
