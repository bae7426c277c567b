using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Cli;

/// <summary>
/// <c>manager-cli</c> against the real manager (real Kestrel, real SQLite, authentication on), with a submitter token.
/// A job's tasks are driven by a simulated worker (HTTP calls as a worker makes them); every job carries a tag of
/// its own and only that test's worker offers it, so the tests of this class do not take each other's tasks.
/// </summary>
public class CliAgainstManagerTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private HttpClient Client => fixture.Client;

    private string Url => fixture.App.BaseAddress.ToString();

    [Fact]
    public async Task Submit_reads_the_manager_and_token_from_the_environment_and_creates_the_job_with_the_settings_given()
    {
        var (tokenName, token) = await SubmitterToken();
        var tag = Unique("cli");

        var run = await CliRun.Complete(
            ["submit", "shots/tiny.blend", "--frames", "1-12", "--chunk-size", "3", "--preview-first", "--preview-step", "4",
             "--output", "out/frame_####", "--format", "PNG", "--video", "out/shot.mp4", "--fps", "30",
             "--name", "shot 010", "--priority", "7", "--tags", tag],
            Bound, new Dictionary<string, string> { ["MANAGER_URL"] = Url, ["MANAGER_TOKEN"] = token }, currentDirectory: "/farm/artist");

        Assert.True(run.Error.Text.Length == 0, run.Printed);
        var id = SubmittedJobId(run);
        var job = await Client.GetJob(id);
        var settings = JsonNode.Parse("""
            {"filepath":"/farm/artist/shots/tiny.blend","frames":"1-12","chunk_size":3,"frame_order":"preview_first","preview_step":4,
             "format":"PNG","output":"/farm/artist/out/frame_####","video":{"fps":30,"output":"/farm/artist/out/shot.mp4"}}
            """);
        Assert.True(JsonNode.DeepEquals(settings, job["settings"]), job.ToJsonString());
        Assert.Equal(("shot 010", 7L, tokenName, "queued"), ((string)job["name"]!, (long)job["priority"]!, (string)job["submitted_by"]!, (string)job["status"]!));
        Assert.Equal([tag], job["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal((8L, 12L), ((long)job["tasks_total"]!, (long)job["frames_total"]!));
        Assert.Equal([$"submitted job {id}: 8 tasks, 12 frames"], run.Output.Lines);
        await (await Client.PatchJson($"/jobs/{id}", """{"status":"canceled"}""")).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Submit_watch_shows_frames_done_and_the_eta_as_the_job_renders_and_exits_0_when_it_completes()
    {
        var (_, token) = await SubmitterToken();
        var tag = Unique("cli");
        var worker = await Client.RegisterId(Unique("render"), tag);

        var run = CliRun.Start(
            ["submit", "/srv/shot.blend", "--frames", "1-12", "--chunk-size", "3", "--preview-first", "--preview-step", "4",
             "--output", "/srv/out/frame_####", "--video", "/srv/out/shot.mp4", "--tags", tag, "--watch", "--poll-interval", "0.05",
             "--manager", Url, "--token", token]);
        await run.WaitForOutput("submitted job", Bound);
        var id = SubmittedJobId(run);

        // The first preview (frame 1) took 2 s: 11 frames to go at 2 s each, nothing rendering → 22 s.
        await Complete(worker, await Claim(worker), timeCost: 2);
        await run.WaitForOutput($"job {id} active: 1/12 frames, 0 failed tasks, ETA 0:22", Bound);
        while (await Client.Poll(worker) is { } task)
            await Complete(worker, task, timeCost: 2);

        Assert.True(await run.ExitCode(Bound) == 0, run.Printed);
        Assert.Equal($"job {id} completed: all 8 tasks completed", run.Output.Lines[^2]);
        Assert.Equal("video: /srv/out/shot.mp4", run.Output.Lines[^1]);
        Assert.Contains(run.Output.Lines, line => line.StartsWith($"job {id} completed: 12/12 frames, 0 failed tasks", StringComparison.Ordinal));
        AssertPlainAndNoRepeats(run);
    }

    [Fact]
    public async Task The_program_with_stdout_not_a_terminal_writes_plain_lines_and_exits_0_when_the_watched_job_completes()
    {
        var (_, token) = await SubmitterToken();
        var tag = Unique("cli");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var start = new ProcessStartInfo(ChildProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["MANAGER_URL"] = Url, ["MANAGER_TOKEN"] = token },
        };
        foreach (var arg in new[] { CliDll, "submit", "/srv/shot.blend", "--frames", "1-4", "--chunk-size", "2", "--tags", tag, "--watch", "--poll-interval", "0.05" })
            start.ArgumentList.Add(arg);

        var exit = ChildProcess.RunToExit(start, TimeSpan.FromSeconds(60), "dotnet Manager.Cli.dll submit --watch");
        var id = await Wait.For(async () =>
        {
            var job = (await Client.GetArray("/jobs?limit=1000")).LastOrDefault(j => j!["tags"]!.AsArray().Any(t => (string?)t == tag));
            return (job is null ? null : (object)(long)job["id"]!, $"no job tagged {tag} yet");
        }, Bound, "the CLI's job submitted");
        await Complete(worker, await Claim(worker), timeCost: 1);
        await Complete(worker, await Claim(worker), timeCost: 1);
        var (code, output, error) = await exit;

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"submitted job {id}: 2 tasks, 4 frames", lines[0]);
        Assert.Equal($"job {id} completed: all 2 tasks completed", lines[^1]);
        AssertPlainAndNoRepeats(output);
    }

    [Fact]
    public async Task Watch_exits_3_when_the_job_is_canceled()
    {
        var id = (long)(await Client.SubmitJob(JobBody("1-4", tags: [Unique("cli")])))["id"]!;

        var run = await Watching(id);
        await (await Client.PatchJson($"/jobs/{id}", """{"status":"canceled"}""")).Expect(HttpStatusCode.NoContent);

        Assert.True(await run.ExitCode(Bound) == 3, run.Printed);
        Assert.StartsWith($"job {id} canceled", run.Output.Lines[^1]);
        AssertPlainAndNoRepeats(run);
    }

    [Fact]
    public async Task Watch_exits_1_when_the_job_fails_and_shows_the_failed_task()
    {
        var tag = Unique("cli");
        var worker = await Client.RegisterId(Unique("render"), tag);
        var id = (long)(await Client.SubmitJob(JobBody("1", tags: [tag])))["id"]!;

        var run = await Watching(id);
        while (await Client.Poll(worker) is { } task) // each attempt fails, until no worker may try it again
            Assert.Equal(HttpStatusCode.NoContent, await Client.WorkerUpdate(task, worker, null, "failed"));

        Assert.True(await run.ExitCode(Bound) == 1, run.Printed);
        Assert.Contains(run.Output.Lines, line => line.StartsWith($"job {id} failed: 0/1 frames, 1 failed task", StringComparison.Ordinal));
        Assert.StartsWith($"job {id} failed", run.Output.Lines[^1]);
    }

    [Fact]
    public async Task Watch_exits_4_when_the_job_is_deleted()
    {
        var id = (long)(await Client.SubmitJob(JobBody("1-2", tags: [Unique("cli")])))["id"]!;

        var run = await Watching(id);
        await (await Client.DeleteAsync($"/jobs/{id}")).Expect(HttpStatusCode.Accepted);

        Assert.True(await run.ExitCode(Bound) == 4, run.Printed);
        Assert.Contains($"job {id} was deleted", run.Error.Text);
    }

    [Fact]
    public async Task Bad_frames_are_refused_with_the_field_and_its_option_and_nothing_is_created()
    {
        var (_, token) = await SubmitterToken();
        var before = await JobsAndTasks();

        var run = await CliRun.Complete(["submit", "/srv/shot.blend", "--frames", "20-3", "--manager", Url, "--token", token], Bound);

        Assert.True(await run.ExitCode(Bound) == 5, run.Printed);
        Assert.Contains("the manager refused POST /jobs: 422 The request is not valid", run.Error.Text);
        Assert.Contains("settings.frames (--frames): ", run.Error.Text);
        Assert.Contains("'20-3' is a reversed range", run.Error.Text);
        Assert.Empty(run.Output.Text);
        Assert.Equal(before, await JobsAndTasks());
    }

    [Theory]
    [InlineData("not-a-token-of-this-manager")]
    [InlineData(null)]
    public async Task A_wrong_or_missing_token_is_refused_with_what_to_do_and_nothing_is_created(string? token)
    {
        var before = await JobsAndTasks();
        string[] args = ["submit", "/srv/shot.blend", "--frames", "1-3", "--manager", Url];

        var run = await CliRun.Complete(token is null ? args : [.. args, "--token", token], Bound);

        Assert.True(await run.ExitCode(Bound) == 5, run.Printed);
        Assert.Contains("the manager refused POST /jobs: 401", run.Error.Text);
        Assert.Contains("give a submitter token with --token or MANAGER_TOKEN", run.Error.Text);
        Assert.Equal(before, await JobsAndTasks());
    }

    [Fact]
    public async Task An_unreachable_manager_is_exit_6_with_its_address()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop(); // nothing listens there now: connection refused

        var run = await CliRun.Complete(["submit", "/srv/shot.blend", "--frames", "1", "--manager", closed, "--token", "t"], Bound);

        Assert.True(await run.ExitCode(Bound) == 6, run.Printed);
        Assert.Contains($"cannot reach the manager at {closed}/", run.Error.Text);
    }

    [Fact]
    public async Task A_bad_command_line_is_exit_2_naming_the_option_and_sends_nothing()
    {
        var before = await JobsAndTasks();

        var run = await CliRun.Complete(["submit", "/srv/shot.blend", "--frames", "1-3", "--fps", "24", "--manager", Url], Bound);

        Assert.True(await run.ExitCode(Bound) == 2, run.Printed);
        Assert.Contains("--fps needs --video", run.Error.Text);
        Assert.Equal(before, await JobsAndTasks());
    }

    private static readonly string CliDll = Path.Combine(Path.GetDirectoryName(typeof(Manager.Cli.CliApp).Assembly.Location)!, "Manager.Cli.dll");

    private async Task<(string Name, string Token)> SubmitterToken()
    {
        var name = Unique("artist");
        var created = await (await Client.PostJson("/tokens", $$"""{"name":"{{name}}","role":"submitter"}""")).ExpectJson(HttpStatusCode.Created);
        return (name, (string)created["token"]!);
    }

    /// <summary><c>manager-cli watch ID</c> with a submitter token, once it has shown the job queued.</summary>
    private async Task<CliRun> Watching(long id)
    {
        var (_, token) = await SubmitterToken();
        var run = CliRun.Start(["watch", id.ToString(), "--poll-interval", "0.05", "--manager", Url, "--token", token]);
        await run.WaitForOutput($"job {id} queued: 0/", Bound);
        return run;
    }

    private async Task<long> Claim(long worker) =>
        await Client.Poll(worker) ?? throw new Xunit.Sdk.XunitException($"worker {worker} got no task");

    private Task Complete(long worker, long task, double timeCost) =>
        Client.PatchTask(task, new JsonObject { ["worker_id"] = worker, ["status"] = "completed", ["time_cost"] = timeCost }.ToJsonString());

    private async Task<string> JobsAndTasks() =>
        (await Client.GetArray("/jobs?limit=1000")).ToJsonString() + (await Client.GetArray("/tasks?limit=1000")).ToJsonString();

    private static long SubmittedJobId(CliRun run)
    {
        var line = run.Output.Lines.FirstOrDefault(l => l.StartsWith("submitted job ", StringComparison.Ordinal))
                   ?? throw new Xunit.Sdk.XunitException($"no 'submitted job' line:\n{run.Printed}");
        return long.Parse(line["submitted job ".Length..line.IndexOf(':')]);
    }

    /// <summary>What a log gets: no escape sequences, and a line only when the job changed (never the same line twice in a row).</summary>
    private static void AssertPlainAndNoRepeats(CliRun run) => AssertPlainAndNoRepeats(run.Output.Text);

    private static void AssertPlainAndNoRepeats(string output)
    {
        Assert.DoesNotContain('\u001b', output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < lines.Length; i++)
            Assert.True(lines[i] != lines[i - 1], $"line {i} repeats the one before:\n{output}");
    }
}
