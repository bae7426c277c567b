using System.ComponentModel;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>Runs real child processes through /bin/sh (Linux only: the tree test reads /proc).</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly string _dir = Directory.CreateTempSubdirectory("runner-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PlannedCommand Shell(string script, params string[] args) => new("test", "/bin/sh", ["-c", script, "sh", .. args]);

    [Fact]
    public async Task Stdout_and_stderr_arrive_merged_as_whole_lines_with_the_exit_code()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var lines = new List<string>();

        var result = await CommandRunner.RunAsync(Shell("echo out; echo err >&2; printf 'last line without newline'; exit 3"), _dir, lines.Add)
            .WaitAsync(Bound);

        Assert.Equal(new CommandResult(3, Killed: false), result);
        // The order between the two pipes is not defined; each line arrives whole.
        Assert.Equal(["err", "last line without newline", "out"], lines.Order());
    }

    [Fact]
    public async Task Arguments_reach_the_program_one_by_one_without_a_shell_in_between()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var lines = new List<string>();

        var command = new PlannedCommand("test", "/usr/bin/env", ["printf", "%s\\n", "a b", "$HOME", "*", "it's"]);
        var result = await CommandRunner.RunAsync(command, _dir, lines.Add).WaitAsync(Bound);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["a b", "$HOME", "*", "it's"], lines);
    }

    [Fact]
    public async Task The_command_runs_in_the_given_directory_with_the_given_environment()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var lines = new List<string>();

        await CommandRunner.RunAsync(Shell("pwd; echo \"$MANAGER_TASK_ID\""), _dir, lines.Add, new Dictionary<string, string> { ["MANAGER_TASK_ID"] = "42" })
            .WaitAsync(Bound);

        Assert.Equal([Path.GetFullPath(_dir), "42"], lines);
    }

    [Fact]
    public async Task A_missing_program_cannot_start()
    {
        var command = new PlannedCommand("test", Path.Combine(_dir, "no-such-program"), []);

        await Assert.ThrowsAsync<Win32Exception>(() => CommandRunner.RunAsync(command, _dir, _ => { }));
    }

    [Fact]
    public async Task Stopping_kills_the_child_and_its_grandchild_at_once()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var grandchild = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shell = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        // The shell starts `sleep 30` in the background, prints its pid and waits for it.
        var run = CommandRunner.RunAsync(
            Shell("sleep 30 & echo $!; wait"),
            _dir,
            line => { if (int.TryParse(line, out var pid)) grandchild.TrySetResult(pid); },
            onStarted: pid => shell.TrySetResult(pid),
            stop: stop.Token);

        var shellPid = await shell.Task.WaitAsync(Bound);
        var sleepPid = await grandchild.Task.WaitAsync(Bound);
        Assert.True(ProcessProbe.IsRunning(shellPid));
        Assert.True(ProcessProbe.IsRunning(sleepPid));

        stop.Cancel();
        var result = await run.WaitAsync(Bound);

        Assert.True(result.Killed);
        Assert.NotEqual(0, result.ExitCode);
        await ProcessProbe.Gone(shellPid, Bound, "the shell");
        await ProcessProbe.Gone(sleepPid, Bound, "the grandchild sleep");
    }
}
