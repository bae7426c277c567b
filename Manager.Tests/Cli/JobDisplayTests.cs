using Manager.Cli;
using Spectre.Console;

namespace Manager.Tests.Cli;

public class JobDisplayTests
{
    private static JobView Job(long done, string activity, string status = "active", double? eta = null) =>
        new(Id: 5, Name: "shot", Status: status, FramesDone: done, FramesTotal: 12, TasksTotal: 8, TasksFailed: 0,
            Progress: done / 13.0, EtaSeconds: eta, Activity: activity, VideoOutput: null);

    [Fact]
    public async Task Plain_lines_are_written_only_when_something_changed_and_carry_no_escape_sequences()
    {
        var output = new StringWriter();
        var display = new PlainJobDisplay(output);

        var answer = await display.RunAsync(show =>
        {
            show(Job(0, "waiting for a worker: 8 tasks queued"));
            show(Job(0, "waiting for a worker: 8 tasks queued")); // polled again, nothing new
            show(Job(1, "1 of 8 completed", eta: 22));
            show(Job(1, "1 of 8 completed", eta: 22));
            show(Job(12, "completed: all 8 tasks completed", "completed"));
            return Task.FromResult(42);
        });

        Assert.Equal(42, answer);
        Assert.Equal(
        [
            "job 5 active: 0/12 frames, 0 failed tasks, ETA unknown — waiting for a worker: 8 tasks queued",
            "job 5 active: 1/12 frames, 0 failed tasks, ETA 0:22 — 1 of 8 completed",
            "job 5 completed: 12/12 frames, 0 failed tasks, ETA unknown — completed: all 8 tasks completed",
        ], output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task On_a_terminal_the_live_display_draws_the_counts_the_bar_and_the_activity_in_place()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
        });
        console.Profile.Width = 200;

        await new LiveJobDisplay(console).RunAsync(show =>
        {
            show(Job(1, "1 of 8 completed", eta: 22));
            show(Job(12, "completed: all 8 tasks completed", "completed"));
            return Task.FromResult(0);
        });

        var text = output.ToString();
        Assert.Contains("\u001b[", text); // drawn with escape sequences, redrawn in place
        Assert.Contains("job 5 completed: 12/12 frames, 0 failed tasks, ETA unknown", text);
        Assert.Contains("completed: all 8 tasks completed", text);
        Assert.Contains("92%", text); // 12 of 13 progress units: the video is still to come
    }
}
