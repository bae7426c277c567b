namespace Manager.Cli;

/// <summary>
/// Progress for a log (stdout is not a terminal: CI, a pipe, a test): one plain <see cref="ProgressLine.Describe"/>
/// line whenever it changes, so a long job polled every second writes a line per task change, not per poll.
/// No escape sequences, no cursor movement.
/// </summary>
internal sealed class PlainJobDisplay(TextWriter output) : IJobDisplay
{
    public Task<T> RunAsync<T>(Func<Action<JobView>, Task<T>> watch)
    {
        string? last = null;
        return watch(job =>
        {
            var line = ProgressLine.Describe(job);
            if (line == last)
                return;
            output.WriteLine(line);
            output.Flush();
            last = line;
        });
    }
}
