using System.CommandLine;

namespace Manager.Cli;

/// <summary>
/// The CLI as a whole: the commands, and what every failure prints and answers (<see cref="ExitCodes"/>).
/// <c>Program.cs</c> runs it on the process's console; tests run it in-process on a <see cref="CliIo"/> of their own.
/// </summary>
internal static class CliApp
{
    private static readonly string Description = $"""
        manager-cli: submit a Blender render to the render-farm manager as a job, and watch it.

        Exit codes: {ExitCodes.Success} submitted, or (watching) the job completed; {ExitCodes.Failed} the job failed;
        {ExitCodes.Usage} a bad command line; {ExitCodes.Canceled} the job was canceled; {ExitCodes.Deleted} the job was deleted;
        {ExitCodes.Refused} the manager refused the request (its reason and the wrong fields are printed);
        {ExitCodes.Unreachable} the manager could not be reached; {ExitCodes.Interrupted} Ctrl-C while watching (the job goes on).
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliIo io, CancellationToken cancel = default)
    {
        var connection = new ConnectionOptions();
        var watching = new WatchOptions();
        var submit = new SubmitCommand();
        var root = new RootCommand(Description)
        {
            connection.Manager, connection.Token,
            submit.Create(io, connection, watching),
            WatchCommand.Create(io, connection, watching),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
                io.Error.WriteLine($"manager-cli: {problem.Message}");
            io.Error.WriteLine("Run with --help for the options.");
            return ExitCodes.Usage;
        }

        // Ctrl-C is the caller's (Program.cs turns it into `cancel`), so that an in-process run leaves the process's signals alone.
        var invocation = new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parsed.InvokeAsync(invocation, cancel);
        }
        catch (UsageException e)
        {
            io.Error.WriteLine($"manager-cli: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ManagerRefusedException e)
        {
            foreach (var line in RefusalMessage.Lines(e, submit.OptionOfField))
                io.Error.WriteLine($"manager-cli: {line}");
            return ExitCodes.Refused;
        }
        catch (ManagerUnreachableException e)
        {
            io.Error.WriteLine($"manager-cli: {e.Message}");
            io.Error.WriteLine($"manager-cli: is it running, and at that address? (--manager or {ManagerConnection.UrlVariable})");
            return ExitCodes.Unreachable;
        }
    }
}
