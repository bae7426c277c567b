using System.Diagnostics;
using System.Net;

namespace Manager.Cli;

/// <summary>
/// Watches one job to its end: polls <c>GET /jobs/{id}</c> every <paramref name="pollInterval"/>, shows each answer on
/// an <see cref="IJobDisplay"/>, and answers the exit code of how it ended (<see cref="ExitCodes"/>). A manager that
/// cannot be reached is asked again until <paramref name="retryFor"/> has passed without an answer (a restart of the
/// manager loses nothing, so a watch outlives it).
/// </summary>
internal sealed class JobWatcher(ManagerClient client, IJobDisplay display, TextWriter output, TextWriter error, TimeSpan pollInterval, TimeSpan retryFor)
{
    /// <param name="first">The job as already known (the submission's answer), shown before the first poll.</param>
    public async Task<int> WatchToEndAsync(long id, JobView? first, CancellationToken cancel)
    {
        JobView last;
        try
        {
            last = await display.RunAsync(show =>
            {
                if (first is not null)
                    show(first);
                return PollUntilEndedAsync(id, show, cancel);
            });
        }
        catch (ManagerRefusedException e) when (e.Status == HttpStatusCode.NotFound)
        {
            error.WriteLine($"manager-cli: job {id} was deleted (or never existed)");
            return ExitCodes.Deleted;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            error.WriteLine($"manager-cli: stopped watching job {id}; it goes on (manager-cli watch {id} to watch again)");
            return ExitCodes.Interrupted;
        }

        output.WriteLine(ProgressLine.Ending(last));
        if (last.Status == "completed" && last.VideoOutput is { } video)
            output.WriteLine($"video: {video}");
        return ExitCodes.ForFinalStatus(last.Status);
    }

    private async Task<JobView> PollUntilEndedAsync(long id, Action<JobView> show, CancellationToken cancel)
    {
        var sinceAnswer = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var job = await client.GetJobAsync(id, cancel);
                sinceAnswer.Restart();
                show(job);
                if (job.HasEnded)
                    return job;
            }
            catch (ManagerUnreachableException) when (sinceAnswer.Elapsed < retryFor)
            {
                // asked again at the next poll
            }
            await Task.Delay(pollInterval, cancel);
        }
    }
}
