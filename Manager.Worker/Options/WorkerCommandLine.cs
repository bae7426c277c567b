using System.CommandLine;
using System.CommandLine.Help;
using Microsoft.Extensions.Configuration;

namespace Manager.Worker;

/// <summary>
/// The worker's command line, read by System.CommandLine: each <see cref="OptionSpec"/> as <c>--name VALUE</c>
/// or <c>--name=VALUE</c> (a repeated option: the last wins, a list option collects them all), and
/// <c>-h</c>/<c>--help</c>. An unknown option, a stray argument or a missing value is an error naming it.
/// </summary>
internal static class WorkerCommandLine
{
    private const string Description = """
        The render-farm worker agent: registers with the manager, asks it for tasks, runs their
        commands and streams their output back.

        Each option can also be given as an environment variable (--work-dir as MANAGER_WORKER_WORK_DIR)
        and as a key of the --config file; the command line wins over the environment, the environment
        over the file. Lists are comma-separated.
        """;

    // '@file' is a value like any other here, not a response file.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>What <c>--help</c> prints.</summary>
    public static string Usage
    {
        get
        {
            var text = new StringWriter();
            Command(out _).Parse(["--help"], Parsing).Invoke(new InvocationConfiguration { Output = text });
            return text.ToString();
        }
    }

    /// <returns>
    /// The options given, as a configuration layer (a list option's values joined by commas);
    /// <c>null</c> when help was asked for.
    /// </returns>
    /// <exception cref="OptionsException">The command line cannot be read.</exception>
    public static IConfiguration? Parse(IReadOnlyList<string> args)
    {
        var result = Command(out var options).Parse(args, Parsing);
        if (result.Action is HelpAction)
            return null;
        if (result.Errors.Count > 0)
            throw new OptionsException(result.Errors[0].Message.TrimEnd('.'));

        var given = new Dictionary<string, string?>();
        foreach (var (spec, option) in options)
        {
            if (result.GetResult(option) is not { Implicit: false } found)
                continue;
            var values = found.Tokens.Select(t => t.Value).ToList();
            given[spec.Name] = spec.IsList ? string.Join(',', values.SelectMany(OptionLayer.SplitList)) : values[^1];
        }
        return new ConfigurationBuilder().AddInMemoryCollection(given).Build();
    }

    private static Command Command(out List<(OptionSpec Spec, Option<string[]> Option)> options)
    {
        var command = new Command("Manager.Worker", Description) { new HelpOption() };
        options = [];
        foreach (var spec in OptionSpec.All)
        {
            // Every option takes its values as text, one per occurrence: the values are checked
            // after the layers are merged, the same way wherever they came from.
            var option = new Option<string[]>("--" + spec.Name)
            {
                Description = spec.Help,
                HelpName = spec.Meta,
                Arity = ArgumentArity.OneOrMore,
                AllowMultipleArgumentsPerToken = false,
            };
            command.Options.Add(option);
            options.Add((spec, option));
        }
        return command;
    }
}
