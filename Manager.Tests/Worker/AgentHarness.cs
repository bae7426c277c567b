using System.Collections.Concurrent;
using Manager.Worker;
using Manager.Tests.Support;

namespace Manager.Tests.Worker;

/// <summary>
/// Runs worker agents in-process against a <see cref="FakeManager"/> on one work directory (a
/// restart is a second agent on the same directory), collects their events, and waits for
/// conditions with a bound instead of sleeping.
/// </summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>One agent and its run, which ends when it is stopped or the manager refuses it.</summary>
    public sealed class RunningAgent(WorkerAgent agent, Task run, CancellationTokenSource stop)
    {
        public WorkerAgent Agent { get; } = agent;
        public Task Run { get; } = run;

        public async Task StopAsync()
        {
            stop.Cancel();
            await Run.WaitAsync(Bound);
        }

        internal async Task DisposeAsync()
        {
            stop.Cancel();
            try
            {
                await Run.WaitAsync(Bound);
            }
            catch (AccessDeniedException)
            {
                // the outcome some tests expect; they assert on it themselves
            }
            Agent.Dispose();
            stop.Dispose();
        }
    }

    private readonly List<RunningAgent> _agents = [];

    public FakeManager Manager { get; } = new();

    public string WorkDir { get; } = Directory.CreateTempSubdirectory("worker-agent-test-").FullName;

    public ConcurrentQueue<WorkerEvent> Events { get; } = new();

    public string CredentialPath => CredentialFile.PathIn(WorkDir);

    /// <summary>Options with short intervals, allowing /bin/sh; <paramref name="configure"/> adjusts them.</summary>
    public RunningAgent Start(Func<WorkerOptions, WorkerOptions>? configure = null)
    {
        var options = new WorkerOptions
        {
            Manager = Manager.BaseAddress,
            Hostname = "render-01",
            WorkDir = WorkDir,
            Allow = ["blender", "/bin/sh"],
            PollInterval = TimeSpan.FromMilliseconds(20),
            PollJitter = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            ChunkInterval = TimeSpan.FromMilliseconds(20),
            RetryInitial = TimeSpan.FromMilliseconds(10),
            RetryMax = TimeSpan.FromMilliseconds(50),
        };
        var stop = new CancellationTokenSource();
        var agent = new WorkerAgent(configure?.Invoke(options) ?? options, Events.Enqueue, Manager);
        var running = new RunningAgent(agent, agent.RunAsync(stop.Token), stop);
        _agents.Add(running);
        return running;
    }

    /// <summary>The first event of this kind (and task), waiting for it at most <see cref="Bound"/>.</summary>
    public async Task<WorkerEvent> Next(WorkerEventKind kind, long? taskId = null)
    {
        WorkerEvent? found = null;
        await Eventually(() => (found = Events.FirstOrDefault(e => e.Kind == kind && (taskId is null || e.TaskId == taskId))) is not null,
            $"a {kind} event");
        return found!;
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails after <see cref="Bound"/>, or at once when an agent failed.</summary>
    public Task Eventually(Func<bool> condition, string what) =>
        Wait.Until(async () =>
        {
            if (condition()) return true;
            if (_agents.FirstOrDefault(a => a.Run.IsFaulted) is { } failed)
                await failed.Run; // surface the agent's exception
            return false;
        }, Bound, what, () => $"events:\n{string.Join('\n', Events)}", TimeSpan.FromMilliseconds(10));

    /// <summary>The pid a task's command printed as "sleeping PID".</summary>
    public async Task<int> PidFromLog(long taskId)
    {
        string? line = null;
        await Eventually(() => (line = Manager.LogOf(taskId).Split('\n').FirstOrDefault(l => l.StartsWith("sleeping ", StringComparison.Ordinal))) is not null,
            $"task {taskId} to print its pid");
        return int.Parse(line!["sleeping ".Length..]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
            await agent.DisposeAsync();
        Manager.Dispose();
        Directory.Delete(WorkDir, recursive: true);
    }
}
