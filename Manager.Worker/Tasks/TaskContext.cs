namespace Manager.Worker;

/// <summary>What every part of one <see cref="TaskSession"/> shares: this worker, the task, the manager, the event sink.</summary>
internal sealed class TaskContext(WorkerAgent agent, long workerId, long taskId)
{
    public WorkerOptions Options => agent.Options;

    public ManagerClient Client => agent.Client;

    public long WorkerId => workerId;

    public long TaskId => taskId;

    /// <summary>The task's job, from <c>GET /tasks/{id}</c> (<see cref="TaskStart"/>); null for a task submitted alone.</summary>
    public long? JobId { get; set; }

    /// <summary>This worker's log stream, shared by its tasks.</summary>
    public LogStream LogStream => agent.LogStream;

    /// <summary>This worker's last-frame pictures, shared by its tasks.</summary>
    public WorkerFrames Frames => agent.Frames;

    /// <summary><c>&lt;work-dir&gt;/task-&lt;id&gt;</c>: the commands run here; removed afterwards if empty.</summary>
    public string Directory => Path.Combine(Options.WorkDir, $"task-{taskId}");

    /// <summary>A heartbeat body: <c>rendering</c> and the worker's figures.</summary>
    public WorkerUpdate RenderingReport() => agent.Report(WorkerStatuses.Rendering);

    public void Emit(WorkerEventKind kind, string message) => agent.Emit(kind, message, taskId);
}
