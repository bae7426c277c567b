using Manager.Tests.Auth;
using Manager.Tests.Support;

namespace Manager.Tests.Worker;

/// <summary>
/// The worker process reads its options from the real command line, environment and config file:
/// <c>--help</c>, and the exit code 2 with one line that names the bad option and where it came from.
/// </summary>
public sealed class WorkerProcessOptionsTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new("worker-options");

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (exitCode, output, _) = await WorkerProcess.RunToExit(["--help"], new Dictionary<string, string>(), Bound);

        Assert.Equal(0, exitCode);
        Assert.Contains("--manager <URL>", output);
        Assert.Contains("--allow <PROGRAM>", output);
        Assert.Contains("MANAGER_WORKER_WORK_DIR", output);
    }

    [Fact]
    public async Task A_bad_environment_variable_is_named_and_the_worker_exits_2()
    {
        var env = new Dictionary<string, string> { ["MANAGER_WORKER_MANAGER"] = "http://127.0.0.1:9", ["MANAGER_WORKER_POLL_INTERVAL"] = "soon" };

        var (exitCode, _, error) = await WorkerProcess.RunToExit([], env, Bound);

        Assert.Equal(2, exitCode);
        Assert.Contains("--poll-interval: 'soon' is not a number of seconds", error);
        Assert.Contains("(from MANAGER_WORKER_POLL_INTERVAL)", error);
    }

    [Fact]
    public async Task The_command_line_wins_over_the_environment_which_wins_over_the_config_file_it_names()
    {
        var config = _dir.File("worker.json");
        await File.WriteAllTextAsync(config, """{ "manager": "http://127.0.0.1:9", "chunk_bytes": 10, "heartbeat-interval": 0 }""");
        var env = new Dictionary<string, string>
        {
            ["MANAGER_WORKER_CONFIG"] = config,
            ["MANAGER_WORKER_CHUNK_BYTES"] = "20",      // bad, but under the command line's good value
            ["MANAGER_WORKER_HEARTBEAT_INTERVAL"] = "2", // good, over the file's bad value
        };

        // The manager comes from the file; the only bad value left is the command line's queue size.
        var (exitCode, _, error) = await WorkerProcess.RunToExit(["--chunk-bytes", "4096", "--queue-bytes", "1"], env, Bound);

        Assert.Equal(2, exitCode);
        Assert.Contains("--queue-bytes: '1'", error);
        Assert.Contains("(from command line)", error);
        Assert.DoesNotContain("chunk-bytes", error);
        Assert.DoesNotContain("heartbeat", error);
    }

    public void Dispose() => _dir.Dispose();
}
