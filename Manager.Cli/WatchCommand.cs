using System.CommandLine;

namespace Manager.Cli;

/// <summary><c>manager-cli watch JOB</c>: follows a job submitted earlier to its end; the exit code says how it ended.</summary>
internal static class WatchCommand
{
    public static Command Create(CliIo io, ConnectionOptions connection, WatchOptions watching)
    {
        var job = new Argument<long>("JOB") { Description = "the job's id" };
        var command = new Command("watch", "Show a job's progress until it ends; exit code 0 only when it completed.") { job, watching.PollInterval };
        command.SetAction(async (parsed, cancel) =>
        {
            using var client = new ManagerClient(connection.Resolve(parsed, io));
            return await watching.Watcher(parsed, client, io).WatchToEndAsync(parsed.GetValue(job), first: null, cancel);
        });
        return command;
    }
}
