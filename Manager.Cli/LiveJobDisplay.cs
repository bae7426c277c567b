using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Manager.Cli;

/// <summary>
/// Progress on a terminal: a Spectre.Console live display redrawn in place, three lines — the job's counts
/// (<see cref="ProgressLine.Counts"/>: status, frames done / total, failed tasks, ETA), a bar of the job's
/// <c>progress</c> with its percentage, and the job's activity, dimmed. Each is a line of its own, so that a narrow
/// terminal (80 columns) wraps nothing.
/// </summary>
internal sealed class LiveJobDisplay(IAnsiConsole console) : IJobDisplay
{
    private const int BarWidth = 40;

    public Task<T> RunAsync<T>(Func<Action<JobView>, Task<T>> watch) =>
        console.Live(new Text(""))
            .AutoClear(false)
            .StartAsync(context => watch(job =>
            {
                context.UpdateTarget(View(job));
                context.Refresh();
            }));

    private static IRenderable View(JobView job)
    {
        var done = Math.Clamp(job.Progress, 0, 1);
        var bar = new BreakdownChart().Width(BarWidth).HideTags()
            .AddItem("done", done, Color.Green)
            .AddItem("to do", 1 - done, Color.Grey);
        var barLine = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap())
            .AddRow(bar, new Text(string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(done * 100):0}%")));
        return new Rows(new Text(ProgressLine.Counts(job)), barLine, new Text(job.Activity, new Style(decoration: Decoration.Dim)));
    }
}
