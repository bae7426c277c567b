namespace Manager.Cli;

/// <summary>The command line asks for something the CLI cannot do; the message names the option (exit code <see cref="ExitCodes.Usage"/>).</summary>
internal sealed class UsageException(string message) : Exception(message);
