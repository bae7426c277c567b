using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>
/// The agent's state machine against <see cref="FakeManager"/> (not the real manager), running
/// real child processes through /bin/sh — Linux only.
/// </summary>
public sealed class WorkerAgentTests : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly string _workDir = Directory.CreateTempSubdirectory("worker-agent-test-").FullName;
    private readonly FakeManager _manager = new();
    private readonly ConcurrentQueue<WorkerEvent> _events = new();
    private readonly CancellationTokenSource _shutdown = new();
    private WorkerAgent? _agent;
    private Task? _run;

    private void Start(Func<WorkerOptions, WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions
        {
            Manager = _manager.BaseAddress,
            Hostname = "render-01",
            WorkDir = _workDir,
            Allow = ["blender", "/bin/sh"],
            PollInterval = TimeSpan.FromMilliseconds(20),
            PollJitter = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            ChunkInterval = TimeSpan.FromMilliseconds(20),
            RetryInitial = TimeSpan.FromMilliseconds(10),
            RetryMax = TimeSpan.FromMilliseconds(50),
        };
        _agent = new WorkerAgent(configure?.Invoke(options) ?? options, _events.Enqueue, _manager);
        _run = _agent.RunAsync(_shutdown.Token);
    }

    private async Task<WorkerEvent> Next(WorkerEventKind kind, long? taskId = null)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            if (_events.FirstOrDefault(e => e.Kind == kind && (taskId is null || e.TaskId == taskId)) is { } found)
                return found;
            if (_run is { IsFaulted: true })
                await _run; // surface the agent's exception
            await Task.Delay(10);
        }
        throw new TimeoutException($"no {kind} event; saw:\n{string.Join('\n', _events)}");
    }

    [Fact]
    public async Task A_task_runs_to_completion_and_its_output_reaches_the_manager()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _manager.AddTask(1, "exec_command", "/bin/sh", "-c", "echo Fra:1; echo \"task $MANAGER_TASK_ID in $(basename \"$PWD\")\"; echo Fra:2");
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("completed", (string?)final["status"]);
        Assert.True((double)final["time_cost"]! >= 0);
        Assert.Null(final["log"]);
        Assert.Equal("rendering", (string?)task.Updates[0]["status"]); // said first, before any output
        var log = _manager.LogOf(1);
        Assert.Contains("Fra:1\ntask 1 in task-1\nFra:2\n", log);
        Assert.Contains("[worker] exec_command: /bin/sh -c", log);
        await Next(WorkerEventKind.TaskCompleted, 1);
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.Registered && e.Message.Contains("worker 1"));
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.TaskReceived && e.Message.Contains("frames 1–3"));
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.Frame && e.Message.EndsWith("frame 2"));
    }

    [Fact]
    public async Task A_failing_command_fails_the_task_with_its_last_error_line()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _manager.AddTask(2, "exec_command", "/bin/sh", "-c", "echo 'Error: first' >&2; echo 'Error: disk full' >&2; exit 2");
        // Both on stderr: lines of two different pipes reach the worker in no guaranteed order.
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Equal("Error: disk full (sh exited with code 2)\n", (string?)final["log"]);
        await Next(WorkerEventKind.TaskFailed, 2);
    }

    [Fact]
    public async Task A_program_off_the_allow_list_fails_the_task_without_running()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var marker = Path.Combine(_workDir, "ran");
        var task = _manager.AddTask(3, "exec_command", "/usr/bin/touch", marker);
        Start();

        var final = await task.Final.Task.WaitAsync(Bound);

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Contains("'/usr/bin/touch' is not allowed", (string?)final["log"]);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Blender_is_replaced_by_the_managers_blender_path_for_this_os()
    {
        if (!OperatingSystem.IsLinux())
            return;
        _manager.BlenderPath = new JsonObject { ["Linux"] = "/bin/sh", ["Windows"] = "C:\\nope.exe" };
        var task = _manager.AddTask(4, "blender_render", "blender", "-c", "echo \"I am $0\"");
        Start();

        Assert.Equal("completed", (string?)(await task.Final.Task.WaitAsync(Bound))["status"]);
        Assert.Contains("I am /bin/sh", _manager.LogOf(4));
    }

    [Fact]
    public async Task A_cancel_by_the_manager_kills_the_process_tree_at_once()
    {
        if (!OperatingSystem.IsLinux())
            return;
        _manager.AddTask(5, "exec_command", "/bin/sh", "-c", "sleep 30 & echo \"sleeping $!\"; wait");
        Start();
        var sleepPid = await PidFromLog(5);

        _manager.Cancel(5);
        var stopped = await Next(WorkerEventKind.TaskStopped, 5);

        Assert.Contains("canceled by manager", stopped.Message);
        Assert.True(await ProcessProbe.GoneWithin(sleepPid, Bound));
        Assert.Equal("canceled", _manager.StatusOf(5)); // no final status was sent
        await Next(WorkerEventKind.Idle);               // and the worker polls again
    }

    [Fact]
    public async Task A_forgotten_worker_registers_again()
    {
        Start();
        await Next(WorkerEventKind.Idle);

        _manager.ForgetWorkers();

        var deadline = DateTime.UtcNow + Bound;
        while (_manager.Registrations < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal(2, _manager.Registrations);
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.Warning && e.Message.Contains("does not know worker 1"));
    }

    [Fact]
    public async Task Shutdown_stops_the_child_and_hands_the_task_back()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var task = _manager.AddTask(6, "exec_command", "/bin/sh", "-c", "sleep 30 & echo \"sleeping $!\"; wait");
        Start();
        var sleepPid = await PidFromLog(6);

        _shutdown.Cancel();
        await _run!.WaitAsync(Bound);

        Assert.Equal("queued", (string?)(await task.HandedBack.Task.WaitAsync(Bound))["status"]);
        Assert.True(await ProcessProbe.GoneWithin(sleepPid, Bound));
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.TaskHandedBack && e.TaskId == 6);
        Assert.Contains(_events, e => e.Kind == WorkerEventKind.Stopped);
    }

    private async Task<int> PidFromLog(long taskId)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (DateTime.UtcNow < deadline)
        {
            var line = _manager.LogOf(taskId).Split('\n').FirstOrDefault(l => l.StartsWith("sleeping ", StringComparison.Ordinal));
            if (line is not null)
                return int.Parse(line["sleeping ".Length..]);
            await Task.Delay(10);
        }
        throw new TimeoutException($"task {taskId} printed no pid; events:\n{string.Join('\n', _events)}");
    }

    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        if (_run is not null)
            await _run.WaitAsync(Bound);
        _agent?.Dispose();
        _manager.Dispose();
        _shutdown.Dispose();
        Directory.Delete(_workDir, recursive: true);
    }
}
