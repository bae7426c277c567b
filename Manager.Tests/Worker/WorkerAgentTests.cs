using System.Text.Json.Nodes;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>
/// The agent's state machine against <see cref="FakeManager"/> (not the real manager), running
/// real child processes through /bin/sh — Linux only.
/// </summary>
public sealed class WorkerAgentTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = AgentHarness.Bound;

    private readonly AgentHarness _farm = new();

    private AgentHarness.RunningAgent Start() => _farm.Start(o => o with { EnrollmentToken = FakeManager.EnrollmentToken });

    [Fact]
    public async Task A_manager_without_a_log_stream_gets_the_output_by_PATCH_after_one_warning()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var first = _farm.Manager.AddTask(1, "exec_command", "/bin/sh", "-c", "echo first");
        var second = _farm.Manager.AddTask(2, "exec_command", "/bin/sh", "-c", "echo second");
        var running = Start();

        await first.Final.Task.WaitAsync(Bound);
        await second.Final.Task.WaitAsync(Bound);

        Assert.Contains("first\n", _farm.Manager.LogOf(1));
        Assert.Contains("second\n", _farm.Manager.LogOf(2));
        // The stream was tried once (the fake answers it 404), and not again within a minute.
        Assert.Single(_farm.Manager.Requests, r => r.Path.EndsWith("/log-stream"));
        Assert.Single(_farm.Events, e => e.Kind == WorkerEventKind.Warning && e.Message.Contains("log stream could not be opened"));
        Assert.Equal(0, running.Agent.LogStream.Acknowledged);
    }

    [Fact]
    public async Task A_task_runs_to_completion_and_its_output_reaches_the_manager()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _farm.Manager.AddTask(1, "exec_command", "/bin/sh", "-c", "echo Fra:1; echo \"task $MANAGER_TASK_ID in $(basename \"$PWD\")\"; echo Fra:2");
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("completed", (string?)final["status"]);
        Assert.True((double)final["time_cost"]! >= 0);
        Assert.Null(final["log"]);
        Assert.Equal("rendering", (string?)task.Updates[0]["status"]); // said first, before any output
        var log = _farm.Manager.LogOf(1);
        Assert.Contains("Fra:1\ntask 1 in task-1\nFra:2\n", log);
        Assert.Contains("[worker] exec_command: /bin/sh -c", log);
        await _farm.Next(WorkerEventKind.TaskCompleted, 1);
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.Registered && e.Message.Contains("worker 1"));
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.TaskReceived && e.Message.Contains("frames 1–3"));
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.Frame && e.Message.EndsWith("frame 2"));
    }

    [Fact]
    public async Task A_failing_command_fails_the_task_with_its_last_error_line()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _farm.Manager.AddTask(2, "exec_command", "/bin/sh", "-c", "echo 'Error: first' >&2; echo 'Error: disk full' >&2; exit 2");
        // Both on stderr: lines of two different pipes reach the worker in no guaranteed order.
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Equal("Error: disk full (sh exited with code 2)\n", (string?)final["log"]);
        await _farm.Next(WorkerEventKind.TaskFailed, 2);
    }

    [Fact]
    public async Task A_program_off_the_allow_list_fails_the_task_without_running()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var marker = Path.Combine(_farm.WorkDir, "ran");
        var task = _farm.Manager.AddTask(3, "exec_command", "/usr/bin/touch", marker);
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Contains("'/usr/bin/touch' is not allowed", (string?)final["log"]);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task The_video_task_gets_its_output_folder_created_before_ffmpeg_runs()
    {
        if (!OperatingSystem.IsLinux())
            return;
        // Like ffmpeg, this one writes its last argument (file:<path>) and fails when the folder is missing.
        var ffmpeg = Path.Combine(Directory.CreateDirectory(Path.Combine(_farm.WorkDir, "bin")).FullName, "ffmpeg");
        await File.WriteAllTextAsync(ffmpeg, "#!/bin/sh\nfor last; do :; done\nprintf mp4 > \"${last#file:}\" || exit 1\necho \"wrote ${last#file:}\"\n");
        File.SetUnixFileMode(ffmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var video = Path.Combine(_farm.WorkDir, "renders", "videos", "shot.mp4");
        var argv = Manager.Actors.Jobs.VideoCommand.Argv(new("/renders/shot_", 4, ".png"), new(1, 12), 24, video);
        var task = _farm.Manager.AddTask(5, "exec_command", [ffmpeg, .. argv[1..]]);
        _farm.Start(o => o with { EnrollmentToken = FakeManager.EnrollmentToken, Allow = [OutputFolder.Ffmpeg] });

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.True((string?)final["status"] == "completed", _farm.Manager.LogOf(5));
        Assert.Equal("mp4", await File.ReadAllTextAsync(video));
        Assert.Contains($"[worker] exec_command: created the output folder {Path.GetDirectoryName(video)}\n", _farm.Manager.LogOf(5));
    }

    [Fact]
    public async Task Blender_is_replaced_by_the_managers_blender_path_for_this_os()
    {
        if (!OperatingSystem.IsLinux())
            return;
        _farm.Manager.BlenderPath = new JsonObject { ["Linux"] = "/bin/sh", ["Windows"] = "C:\\nope.exe" };
        var task = _farm.Manager.AddTask(4, "blender_render", "blender", "-c", "echo \"I am $0\"");
        Start();

        Assert.Equal("completed", (string?)(await task.Final.Task.WaitAsync(Bound))["status"]);
        Assert.Contains("I am /bin/sh", _farm.Manager.LogOf(4));
    }

    [Fact]
    public async Task A_cancel_by_the_manager_kills_the_process_tree_at_once()
    {
        if (!OperatingSystem.IsLinux())
            return;
        _farm.Manager.AddTask(5, "exec_command", "/bin/sh", "-c", "sleep 30 & echo \"sleeping $!\"; wait");
        Start();
        var sleepPid = await _farm.PidFromLog(5);

        _farm.Manager.Cancel(5);
        var stopped = await _farm.Next(WorkerEventKind.TaskStopped, 5);

        Assert.Contains("canceled by manager", stopped.Message);
        await ProcessProbe.Gone(sleepPid, Bound, "the task's sleep");
        Assert.Equal("canceled", _farm.Manager.StatusOf(5)); // no final status was sent
        await _farm.Next(WorkerEventKind.Idle);               // and the worker polls again
    }

    [Fact]
    public async Task A_forgotten_worker_registers_again()
    {
        Start();
        await _farm.Next(WorkerEventKind.Idle);

        _farm.Manager.ForgetWorkers();

        await _farm.Eventually(() => _farm.Manager.Registrations >= 2, "a second registration");
        Assert.Equal(2, _farm.Manager.Registrations);
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.Warning && e.Message.Contains("does not know worker 1"));
    }

    [Fact]
    public async Task Shutdown_stops_the_child_and_hands_the_task_back()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _farm.Manager.AddTask(6, "exec_command", "/bin/sh", "-c", "sleep 30 & echo \"sleeping $!\"; wait");
        var agent = Start();
        var sleepPid = await _farm.PidFromLog(6);

        await agent.StopAsync();

        Assert.Equal("queued", (string?)(await task.HandedBack.Task.WaitAsync(Bound))["status"]);
        await ProcessProbe.Gone(sleepPid, Bound, "the task's sleep");
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.TaskHandedBack && e.TaskId == 6);
        Assert.Contains(_farm.Events, e => e.Kind == WorkerEventKind.Stopped);
    }

    public ValueTask DisposeAsync() => _farm.DisposeAsync();
}
