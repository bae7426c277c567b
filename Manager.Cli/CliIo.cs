using Spectre.Console;

namespace Manager.Cli;

/// <summary>
/// Everything the CLI reads from and writes to its surroundings, so a test can run it in-process: stdout, stderr,
/// whether stdout is a terminal (<paramref name="Interactive"/>: a live progress bar; otherwise plain lines), the
/// environment and the current directory.
/// </summary>
internal sealed record CliIo(TextWriter Out, TextWriter Error, bool Interactive, Func<string, string?> Environment, string CurrentDirectory)
{
    /// <summary>This process's console: interactive only when stdout is a terminal.</summary>
    public static CliIo ForConsole() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected, System.Environment.GetEnvironmentVariable, System.Environment.CurrentDirectory);

    public IJobDisplay Display() => Interactive
        ? new LiveJobDisplay(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = AnsiSupport.Detect,
            Interactive = InteractionSupport.Yes,
        }))
        : new PlainJobDisplay(Out);
}
