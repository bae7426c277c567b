namespace Manager.Actors.Jobs;

/// <summary>
/// Which tasks may run as far as their dependencies go, kept as counters so that a completion costs O(its dependents),
/// never a scan. Owned by one actor (like <see cref="Tasks.TaskQueue"/>): not thread-safe, changed only through its
/// methods, each of which says what it changed.
/// <list type="bullet">
/// <item>Per task: how many of the tasks it depends on are not completed, and who depends on it (reverse edges).</item>
/// <item>Per job: how many of the jobs in its <c>depends_on</c> have not completed: one counter per job, shared by
/// all its tasks, and the jobs that wait on it. A job dependency is never expanded into task-to-task edges.</item>
/// </list>
/// A task is <b>runnable</b> when its own counter and its job's counter are both zero and it is not finished.
/// Failed and canceled do not count as completed: what depends on such a task waits (<see cref="BlockedBy"/>) until it
/// is rendered again and completes.
/// </summary>
public sealed class DependencyCounters
{
    private enum Progress : byte { Unfinished, Completed, FailedOrCanceled }

    private sealed class TaskNode(long id, long? jobId)
    {
        public readonly long Id = id;
        public readonly long? JobId = jobId;
        public int Waiting; // dependencies not completed
        public Progress State;
        public List<long>? Dependents;
    }

    private sealed class JobNode(long id)
    {
        public readonly long Id = id;
        public int Waiting; // jobs in depends_on not completed
        public bool Completed;
        public List<long>? DependentJobs;
        public List<long> DependsOn = [];
        public readonly List<long> Tasks = [];
    }

    private readonly Dictionary<long, TaskNode> _tasks = [];
    private readonly Dictionary<long, JobNode> _jobs = [];

    public int TaskCount => _tasks.Count;

    public bool ContainsTask(long taskId) => _tasks.ContainsKey(taskId);

    /// <summary>
    /// Adds a job and the jobs it depends on (each already added; those completed do not hold it back).
    /// Returns whether its tasks may start as far as job dependencies go.
    /// </summary>
    public bool AddJob(long jobId, IEnumerable<long> dependsOnJobs)
    {
        if (_jobs.ContainsKey(jobId)) throw new ArgumentException($"job {jobId} was added already", nameof(jobId));
        var ids = dependsOnJobs.Distinct().ToList();
        foreach (var id in ids)
        {
            if (id == jobId) throw new ArgumentException($"job {jobId} cannot depend on itself", nameof(dependsOnJobs));
            if (!_jobs.ContainsKey(id)) throw new ArgumentException($"job {jobId} depends on job {id}, which is unknown", nameof(dependsOnJobs));
        }
        var job = new JobNode(jobId) { DependsOn = ids };
        foreach (var id in ids)
        {
            var dependency = _jobs[id];
            (dependency.DependentJobs ??= []).Add(jobId);
            if (!dependency.Completed) job.Waiting++;
        }
        _jobs.Add(jobId, job);
        return job.Waiting == 0;
    }

    /// <summary>
    /// Adds a task of a job (added already) or a task submitted alone (<paramref name="jobId"/> null), with the tasks
    /// it depends on (each already added, so there can be no cycle; those completed do not hold it back).
    /// Returns whether it is runnable at once.
    /// </summary>
    public bool AddTask(long taskId, long? jobId, IEnumerable<long> dependsOnTasks)
    {
        if (_tasks.ContainsKey(taskId)) throw new ArgumentException($"task {taskId} was added already", nameof(taskId));
        JobNode? job = null;
        if (jobId is { } j && !_jobs.TryGetValue(j, out job)) throw new ArgumentException($"task {taskId} is in job {j}, which is unknown", nameof(jobId));
        var ids = dependsOnTasks.Distinct().ToList();
        foreach (var id in ids)
            if (!_tasks.ContainsKey(id)) throw new ArgumentException($"task {taskId} depends on task {id}, which is unknown", nameof(dependsOnTasks));

        var task = new TaskNode(taskId, jobId);
        foreach (var id in ids)
        {
            var dependency = _tasks[id];
            (dependency.Dependents ??= []).Add(taskId);
            if (dependency.State != Progress.Completed) task.Waiting++;
        }
        _tasks.Add(taskId, task);
        job?.Tasks.Add(taskId);
        return IsRunnable(task);
    }

    /// <summary>
    /// Removes a job and its tasks (the job is deleted). No other job may depend on it any more: a job's dependents are
    /// removed first, or the removal is refused before it gets here.
    /// </summary>
    public void RemoveJob(long jobId)
    {
        var job = Job(jobId);
        if (job.DependentJobs is { Count: > 0 } dependents)
            throw new InvalidOperationException($"job {jobId} cannot be removed: job {dependents[0]} depends on it");
        foreach (var taskId in job.Tasks) _tasks.Remove(taskId);
        foreach (var id in job.DependsOn) _jobs[id].DependentJobs?.Remove(jobId);
        _jobs.Remove(jobId);
    }

    /// <summary>The jobs that name this one in their <c>depends_on</c>.</summary>
    public IReadOnlyList<long> DependentJobs(long jobId) => (IReadOnlyList<long>?)Job(jobId).DependentJobs ?? [];

    /// <summary>Whether the task may run as far as dependencies go: not finished, nothing it waits on unfinished.</summary>
    public bool IsRunnable(long taskId) => IsRunnable(Task(taskId));

    /// <summary>How many of the tasks it depends on have not completed (its job's dependencies not counted).</summary>
    public int WaitingOn(long taskId) => Task(taskId).Waiting;

    /// <summary>How many of the jobs a job depends on have not completed.</summary>
    public int JobWaitingOn(long jobId) => Job(jobId).Waiting;

    /// <summary>
    /// The task completed: returns the tasks that became runnable by it, in the order they were added, each once.
    /// O(its dependents). Completing a task that is completed already returns nothing.
    /// </summary>
    public IReadOnlyList<long> Complete(long taskId)
    {
        var task = Task(taskId);
        if (task.State == Progress.Completed) return [];
        task.State = Progress.Completed;
        if (task.Dependents is null) return [];
        var runnable = new List<long>();
        foreach (var id in task.Dependents)
        {
            var dependent = _tasks[id];
            dependent.Waiting--;
            if (dependent.Waiting == 0 && IsRunnable(dependent)) runnable.Add(id);
        }
        return runnable;
    }

    /// <summary>
    /// The task failed or was canceled (it does not count as completed; if it had completed before, what depends on
    /// it waits again). Returns every unfinished task that now waits on it, directly or through other tasks, each
    /// once, nearest first: for the activity text. O(those tasks and their edges).
    /// </summary>
    public IReadOnlyList<long> FailOrCancel(long taskId)
    {
        var task = Task(taskId);
        if (task.State == Progress.Completed) Uncomplete(task);
        task.State = Progress.FailedOrCanceled;
        return BlockedBy(taskId);
    }

    /// <summary>
    /// The task is queued again (an operator renders it again). If it had completed, what depends on it waits again:
    /// returns the tasks that were runnable and no longer are, each once.
    /// </summary>
    public IReadOnlyList<long> Reopen(long taskId)
    {
        var task = Task(taskId);
        var wasCompleted = task.State == Progress.Completed;
        task.State = Progress.Unfinished;
        return wasCompleted ? Uncomplete(task) : [];
    }

    /// <summary>
    /// The unfinished tasks that wait, directly or through other unfinished tasks, on this one (breadth first, each
    /// once). Completed dependents are not listed and not walked through.
    /// </summary>
    public IReadOnlyList<long> BlockedBy(long taskId)
    {
        var start = Task(taskId);
        var result = new List<long>();
        if (start.Dependents is null) return result;
        var seen = new HashSet<long> { taskId };
        var next = new Queue<TaskNode>();
        next.Enqueue(start);
        while (next.TryDequeue(out var node))
        {
            if (node.Dependents is null) continue;
            foreach (var id in node.Dependents)
            {
                if (!seen.Add(id)) continue;
                var dependent = _tasks[id];
                if (dependent.State != Progress.Unfinished) continue;
                result.Add(id);
                next.Enqueue(dependent);
            }
        }
        return result;
    }

    /// <summary>
    /// The job completed: returns the tasks that became runnable because every job their job depends on has now
    /// completed, each once. O(the jobs waiting on it + the tasks of those that no longer wait).
    /// </summary>
    public IReadOnlyList<long> CompleteJob(long jobId)
    {
        var job = Job(jobId);
        if (job.Completed) return [];
        job.Completed = true;
        if (job.DependentJobs is null) return [];
        var runnable = new List<long>();
        foreach (var id in job.DependentJobs)
        {
            var dependent = _jobs[id];
            dependent.Waiting--;
            if (dependent.Waiting != 0) continue;
            foreach (var taskId in dependent.Tasks)
                if (IsRunnable(_tasks[taskId])) runnable.Add(taskId);
        }
        return runnable;
    }

    /// <summary>
    /// The job is no longer completed (one of its tasks is rendered again, or it failed or was canceled after all):
    /// the jobs that depend on it wait again. Returns the tasks that were runnable and no longer are.
    /// </summary>
    public IReadOnlyList<long> ReopenJob(long jobId)
    {
        var job = Job(jobId);
        if (!job.Completed) return [];
        job.Completed = false;
        if (job.DependentJobs is null) return [];
        var stopped = new List<long>();
        foreach (var id in job.DependentJobs)
        {
            var dependent = _jobs[id];
            dependent.Waiting++;
            if (dependent.Waiting != 1) continue;
            foreach (var taskId in dependent.Tasks)
            {
                var task = _tasks[taskId];
                if (task.State == Progress.Unfinished && task.Waiting == 0) stopped.Add(taskId);
            }
        }
        return stopped;
    }

    private List<long> Uncomplete(TaskNode task)
    {
        var stopped = new List<long>();
        if (task.Dependents is null) return stopped;
        foreach (var id in task.Dependents)
        {
            var dependent = _tasks[id];
            if (dependent.Waiting == 0 && IsRunnable(dependent)) stopped.Add(id);
            dependent.Waiting++;
        }
        return stopped;
    }

    private bool IsRunnable(TaskNode task) =>
        task.State == Progress.Unfinished && task.Waiting == 0 && (task.JobId is not { } j || _jobs[j].Waiting == 0);

    private TaskNode Task(long taskId) =>
        _tasks.TryGetValue(taskId, out var task) ? task : throw new KeyNotFoundException($"task {taskId} is unknown");

    private JobNode Job(long jobId) =>
        _jobs.TryGetValue(jobId, out var job) ? job : throw new KeyNotFoundException($"job {jobId} is unknown");
}
