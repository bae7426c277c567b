using Spectre.Console;
using Spectre.Console.Rendering;

namespace Manager.Cli;

/// <summary>
/// Progress on a terminal: a Spectre.Console progress bar redrawn in place — the job's counts
/// (<see cref="ProgressLine.Counts"/>: frames done / total, failed tasks, ETA), the bar and percentage of the job's
/// <c>progress</c>, and its activity.
/// </summary>
internal sealed class LiveJobDisplay(IAnsiConsole console) : IJobDisplay
{
    private const double BarSteps = 10_000; // the job's progress has four decimals

    public Task<T> RunAsync<T>(Func<Action<JobView>, Task<T>> watch)
    {
        var activity = new ActivityColumn();
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), activity)
            .StartAsync(async context =>
            {
                ProgressTask? bar = null;
                return await watch(job =>
                {
                    var counts = Markup.Escape(ProgressLine.Counts(job));
                    bar ??= context.AddTask(counts, maxValue: BarSteps);
                    bar.Value = job.Progress * BarSteps;
                    bar.Description = counts;
                    activity.Activity = job.Activity;
                    if (job.HasEnded)
                        bar.StopTask();
                    context.Refresh();
                });
            });
    }

    /// <summary>The job's activity, dimmed, after the percentage (one job, one bar: the column holds the text).</summary>
    private sealed class ActivityColumn : ProgressColumn
    {
        public string Activity { get; set; } = "";

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(Activity, new Style(decoration: Decoration.Dim));
    }
}
