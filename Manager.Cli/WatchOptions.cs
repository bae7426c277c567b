using System.CommandLine;

namespace Manager.Cli;

/// <summary><c>--poll-interval</c>, for <c>submit --watch</c> and <c>watch</c>, and the watcher they make.</summary>
internal sealed class WatchOptions
{
    /// <summary>How long a watch goes on asking a manager that does not answer.</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    public Option<double> PollInterval { get; } = new("--poll-interval")
    {
        Description = "seconds between two looks at the job while watching",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 1.0,
    };

    public WatchOptions() =>
        PollInterval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 3600))
                result.AddError("--poll-interval: give a number of seconds above 0 and at most 3600");
        });

    public JobWatcher Watcher(ParseResult parsed, ManagerClient client, CliIo io) =>
        new(client, io.Display(), io.Out, io.Error, TimeSpan.FromSeconds(parsed.GetValue(PollInterval)), RetryFor);
}
