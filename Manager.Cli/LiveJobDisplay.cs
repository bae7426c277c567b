using Spectre.Console;

namespace Manager.Cli;

/// <summary>
/// Progress on a terminal: a Spectre.Console progress bar redrawn in place — the bar and percentage of the job's
/// <c>progress</c>, then the job's counts (<see cref="ProgressLine.Counts"/>: status, frames done / total, failed tasks,
/// ETA) with its activity dimmed on the line below. The bar comes first and is short, so that the text keeps the
/// rest of an 80-column terminal.
/// </summary>
internal sealed class LiveJobDisplay(IAnsiConsole console) : IJobDisplay
{
    private const double BarSteps = 10_000; // the job's progress has four decimals

    public Task<T> RunAsync<T>(Func<Action<JobView>, Task<T>> watch) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                ProgressTask? bar = null;
                return await watch(job =>
                {
                    var text = $"{Markup.Escape(ProgressLine.Counts(job))}\n[dim]{Markup.Escape(job.Activity)}[/]";
                    bar ??= context.AddTask(text, maxValue: BarSteps);
                    bar.Value = job.Progress * BarSteps;
                    bar.Description = text;
                    if (job.HasEnded)
                        bar.StopTask();
                    context.Refresh();
                });
            });
}
