using System.Text;
using Manager.Cli;
using Manager.Tests.Support;

namespace Manager.Tests.Cli;

/// <summary>
/// <c>manager-cli</c> run in-process (<see cref="CliApp.RunAsync"/>) as a shell would run it with stdout not a terminal:
/// its output captured and readable while it runs, its environment only what the test gives.
/// </summary>
internal sealed class CliRun
{
    private CliRun(CapturedWriter output, CapturedWriter error, Task<int> exit)
    {
        Output = output;
        Error = error;
        Exit = exit;
    }

    public CapturedWriter Output { get; }

    public CapturedWriter Error { get; }

    private Task<int> Exit { get; }

    public static CliRun Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string currentDirectory = "/")
    {
        var output = new CapturedWriter();
        var error = new CapturedWriter();
        var io = new CliIo(output, error, Interactive: false, name => environment?.GetValueOrDefault(name), currentDirectory);
        return new CliRun(output, error, Task.Run(() => CliApp.RunAsync(args, io)));
    }

    /// <summary>Runs the CLI to its exit, within <paramref name="bound"/>.</summary>
    public static async Task<CliRun> Complete(IReadOnlyList<string> args, TimeSpan bound, IReadOnlyDictionary<string, string>? environment = null,
        string currentDirectory = "/")
    {
        var run = Start(args, environment, currentDirectory);
        await run.ExitCode(bound);
        return run;
    }

    /// <summary>The exit code, once it exits within <paramref name="bound"/>.</summary>
    public async Task<int> ExitCode(TimeSpan bound)
    {
        try
        {
            return await Exit.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"manager-cli did not exit within {bound}; it printed:\n{Printed}");
        }
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>.</summary>
    public Task WaitForOutput(string text, TimeSpan bound) =>
        Wait.Until(() => Output.Text.Contains(text, StringComparison.Ordinal), bound, $"manager-cli printed '{text}'", () => Printed);

    public string Printed => $"stdout:\n{Output.Text}\nstderr:\n{Error.Text}";

    /// <summary>A writer another thread may read while the CLI writes.</summary>
    public sealed class CapturedWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text) return _text.ToString();
            }
        }

        public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override void Write(char value)
        {
            lock (_text) _text.Append(value);
        }

        public override void Write(string? value)
        {
            lock (_text) _text.Append(value);
        }

        public override void WriteLine(string? value)
        {
            lock (_text) _text.Append(value).Append('\n');
        }
    }
}
