using System.CommandLine;

namespace Manager.Cli;

/// <summary><c>--manager</c> and <c>--token</c>, accepted by every command (see <see cref="ManagerConnection"/>).</summary>
internal sealed class ConnectionOptions
{
    public Option<string?> Manager { get; } = new("--manager")
    {
        Description = $"the manager's URL (default: {ManagerConnection.UrlVariable}, else {ManagerConnection.DefaultUrl})",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"a submitter (or operator) token (default: {ManagerConnection.TokenVariable}; prefer it, a command line is visible to every user of the machine)",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public ManagerConnection Resolve(ParseResult parsed, CliIo io) =>
        ManagerConnection.Resolve(parsed.GetValue(Manager), parsed.GetValue(Token), io.Environment);
}
