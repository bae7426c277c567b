using Manager.Cli;

namespace Manager.Tests.Cli;

public class ProgressLineTests
{
    private static JobView Job(string status = "active", long done = 4, long failed = 1, double? eta = 45, string activity = "1 task rendering, 2 of 8 completed") =>
        new(Id: 3, Name: "shot 010", Status: status, FramesDone: done, FramesTotal: 12, TasksTotal: 8, TasksFailed: failed, Progress: 0.3,
            EtaSeconds: eta, Activity: activity, VideoOutput: null);

    [Fact]
    public void The_line_shows_frames_done_of_all_failed_tasks_the_eta_and_the_activity() =>
        Assert.Equal("job 3 active: 4/12 frames, 1 failed task, ETA 0:45 — 1 task rendering, 2 of 8 completed", ProgressLine.Describe(Job()));

    [Fact]
    public void Failed_tasks_are_counted_in_the_plural_and_an_unknown_eta_says_so() =>
        Assert.Equal("job 3 queued: 0/12 frames, 0 failed tasks, ETA unknown", ProgressLine.Counts(Job("queued", done: 0, failed: 0, eta: null)));

    [Theory]
    [InlineData(0.0, "0:00")]
    [InlineData(0.2, "0:01")] // rounded up: an ETA never says "done" early
    [InlineData(59.0, "0:59")]
    [InlineData(61.5, "1:02")]
    [InlineData(3599.0, "59:59")]
    [InlineData(3600.0, "1:00:00")]
    [InlineData(90061.0, "25:01:01")]
    [InlineData(-1.0, "unknown")]
    [InlineData(null, "unknown")]
    public void The_eta_reads_as_minutes_and_seconds_or_hours(double? seconds, string expected) =>
        Assert.Equal(expected, ProgressLine.Eta(seconds));

    [Fact]
    public void The_ending_line_does_not_repeat_the_status_the_activity_starts_with()
    {
        Assert.Equal("job 3 completed: all 8 tasks completed", ProgressLine.Ending(Job("completed", activity: "completed: all 8 tasks completed")));
        Assert.Equal("job 3 canceled: by someone", ProgressLine.Ending(Job("canceled", activity: "by someone")));
    }
}
