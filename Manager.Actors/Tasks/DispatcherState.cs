using System.Collections.Immutable;
using Manager.Actors.Common;
using Manager.Actors.Jobs;

namespace Manager.Actors.Tasks;

/// <summary>
/// The tasks, the jobs and the queue, owned by the <see cref="TaskDispatcher"/> and changed in place by <see cref="Apply"/> only.
/// Apply trusts the event (the rules in <see cref="TaskRules"/> and <see cref="JobRules"/> decided it), so replaying the
/// journal rebuilds the same state; the rules only read it. Mutable on purpose: in an immutable tree of 100,000 tasks every
/// change copied ~17 nodes (and the queue's as many again), in place it is a hash-table write; replaying a journal and
/// deciding claims under load got measurably faster (BENCHMARKS.md). A snapshot saves its parts (<see cref="DispatcherStateSnapshot.Of"/>).
/// <para>
/// The queue holds the <em>claimable</em> tasks (<see cref="MayQueue"/>): queued, and for a task of a job also every task it
/// depends on completed, every job its job depends on completed, and its job not paused. The dependency counters
/// (<see cref="DependencyCounters"/>) say which tasks became claimable when a task or a job completes, so nothing is scanned.
/// </para>
/// </summary>
public sealed class DispatcherState
{
    private readonly Dictionary<long, TaskRecord> _tasks;
    private readonly TaskQueue _queue = new();
    private readonly Dictionary<long, long> _taskHeldByWorker = [];
    private readonly HashSet<long> _deletedIds;
    private readonly TaskIdIndex _ids = new();
    private readonly Dictionary<long, JobRecord> _jobs = [];
    private readonly SortedSet<long> _jobIds = [];
    private readonly Dictionary<JobStatus, SortedSet<long>> _jobIdsByStatus = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => new SortedSet<long>());
    private readonly HashSet<long> _deletedJobIds;
    private readonly Dictionary<long, JobTally> _tallies = [];
    private readonly DependencyCounters _dependencies = new();

    public DispatcherState() : this([], [], ImmutableDictionary<long, ImmutableDictionary<string, int>>.Empty, 1, 1, 0, [], [], 1)
    {
    }

    /// <summary>The queue, the holder index, the id index, the job tallies and the dependency counters are derived from
    /// the tasks and jobs.</summary>
    private DispatcherState(Dictionary<long, TaskRecord> tasks, HashSet<long> deleted,
        ImmutableDictionary<long, ImmutableDictionary<string, int>> failures, long nextId, long nextSubmitSeq, long lastAssignment,
        IEnumerable<JobRecord> jobs, HashSet<long> deletedJobs, long nextJobId)
    {
        _tasks = tasks;
        _deletedIds = deleted;
        _deletedJobIds = deletedJobs;
        RestoreJobs(jobs, tasks.Values);
        // Previews first: a job's other tasks are queued only if its previews, counted by then, are all finished.
        foreach (var task in tasks.Values.Where(t => t.Preview).Concat(tasks.Values.Where(t => !t.Preview)))
        {
            IndexStatus(task);
            _ids.Add(task);
        }
        FailuresByWorkerAndType = failures;
        NextId = nextId;
        NextSubmitSeq = nextSubmitSeq;
        LastAssignment = lastAssignment;
        NextJobId = nextJobId;
    }

    public IReadOnlyDictionary<long, TaskRecord> Tasks => _tasks;

    /// <summary>Claimable tasks, on shelves by type and tags; enumerated, in claim order (<see cref="ClaimOrder"/>).</summary>
    public TaskQueue Queue => _queue;

    public IReadOnlyDictionary<long, long> TaskHeldByWorker => _taskHeldByWorker;
    public IReadOnlySet<long> DeletedIds => _deletedIds;
    public long NextId { get; private set; }
    public long NextSubmitSeq { get; private set; }
    public long LastAssignment { get; private set; }

    public IReadOnlyDictionary<long, JobRecord> Jobs => _jobs;
    public IReadOnlySet<long> DeletedJobIds => _deletedJobIds;
    public long NextJobId { get; private set; }

    /// <summary>Changes rarely (failures), so it stays immutable and a snapshot shares it.</summary>
    public ImmutableDictionary<long, ImmutableDictionary<string, int>> FailuresByWorkerAndType { get; private set; }

    /// <summary>The state with these tasks and jobs; everything else is derived from them (snapshot reading).</summary>
    public static DispatcherState Restore(IEnumerable<TaskRecord> tasks, IEnumerable<long> deletedIds,
        ImmutableDictionary<long, ImmutableDictionary<string, int>> failures, long nextId, long nextSubmitSeq, long lastAssignment,
        IEnumerable<JobRecord>? jobs = null, IEnumerable<long>? deletedJobIds = null, long nextJobId = 1) =>
        new(tasks.ToDictionary(t => t.Id), [.. deletedIds], failures, nextId, nextSubmitSeq, lastAssignment,
            jobs ?? [], [.. deletedJobIds ?? []], nextJobId);

    /// <summary>The state after these events, from empty.</summary>
    public static DispatcherState Replay(IEnumerable<ITaskEvent> events)
    {
        var state = new DispatcherState();
        foreach (var e in events) state.Apply(e);
        return state;
    }

    /// <summary>Tasks with ids above <paramref name="after"/> in id order, with this status and/or holder (or last
    /// holder) when given: a page costs O(log n) plus the tasks it reads (<see cref="TaskIdIndex"/>).</summary>
    public IEnumerable<TaskRecord> TasksAfter(long after, TaskStatus? status = null, long? workerId = null) =>
        _ids.After(after, status, workerId)
            .Select(id => _tasks[id])
            .Where(t => (status is null || t.Status == status) && (workerId is null || t.WorkerId == workerId));

    /// <summary>How many tasks are in <paramref name="status"/> now.</summary>
    public int CountOf(TaskStatus status) => _ids.CountOf(status);

    /// <summary>How many jobs are in <paramref name="status"/> now.</summary>
    public int CountOf(JobStatus status) => _jobIdsByStatus[status].Count;

    /// <summary>Jobs with ids above <paramref name="after"/> (and in <paramref name="status"/> when given), in id order: a
    /// page costs O(log n) plus the jobs it reads, whatever the filter (an id index per status).</summary>
    public IEnumerable<JobRecord> JobsAfter(long after, JobStatus? status = null) =>
        after == long.MaxValue ? [] : (status is { } s ? _jobIdsByStatus[s] : _jobIds).GetViewBetween(after + 1, long.MaxValue).Select(id => _jobs[id]);

    /// <summary>
    /// The id the manager gives the next task submitted without one: <see cref="NextId"/> (above every id ever used, so
    /// ids only grow and a deleted id is never given again), skipping any id still taken; null when it would pass
    /// <see cref="Bounds.MaxId"/>. Only reads the state, so replaying the journal allocates nothing and recovery
    /// stays deterministic: the id travels in the <see cref="TaskSubmitted"/> event.
    /// </summary>
    public long? AllocateId() => AllocateIds(1) is [var id] ? id : null;

    /// <summary>Ids for <paramref name="count"/> new tasks, ascending, as <see cref="AllocateId"/> gives them one after another.</summary>
    public long[]? AllocateIds(int count)
    {
        var ids = new long[count];
        var id = NextId;
        for (var i = 0; i < count; i++, id++)
        {
            while (id <= Bounds.MaxId && IsTaken(id)) id++;
            if (id > Bounds.MaxId) return null;
            ids[i] = id;
        }
        return ids;
    }

    /// <summary>The id the manager gives the next job submitted without one (as <see cref="AllocateId"/> for tasks).</summary>
    public long? AllocateJobId()
    {
        for (var id = NextJobId; id <= Bounds.MaxId; id++)
            if (!IsJobTaken(id)) return id;
        return null;
    }

    public bool IsTaken(long id) => _tasks.ContainsKey(id) || _deletedIds.Contains(id);

    public bool IsJobTaken(long id) => _jobs.ContainsKey(id) || _deletedJobIds.Contains(id);

    public long? HeldTask(long workerId) => _taskHeldByWorker.TryGetValue(workerId, out var id) ? id : null;

    public int FailureCount(long workerId, string type) =>
        FailuresByWorkerAndType.TryGetValue(workerId, out var byType) && byType.TryGetValue(type, out var n) ? n : 0;

    /// <summary>The running counts of a job's tasks.</summary>
    public JobTally TallyOf(long jobId) => _tallies[jobId];

    /// <summary>The jobs that name this one in their depends_on.</summary>
    public IReadOnlyList<long> DependentJobs(long jobId) => _dependencies.DependentJobs(jobId);

    /// <summary>Some job in the job's depends_on has not completed (its tasks stay out of the queue).</summary>
    public bool WaitsForJobs(long jobId) => _dependencies.JobWaitingOn(jobId) > 0;

    /// <summary>The unfinished tasks that wait, directly or through others, on this task of a job (<see cref="DependencyCounters.BlockedBy"/>).</summary>
    public IReadOnlyList<long> BlockedBy(long taskId) => _dependencies.BlockedBy(taskId);

    /// <summary>
    /// A queued task may be in the queue: submitted alone, or its dependencies and its job's are completed, its job is
    /// not paused, and it is a preview or none of its job's previews is unfinished (previews finish before the rest starts).
    /// </summary>
    public bool MayQueue(TaskRecord task) =>
        task.JobId is not { } jobId
        || (!_jobs[jobId].Paused && _dependencies.IsRunnable(task.Id) && (task.Preview || _tallies[jobId].PreviewsUnfinished == 0));

    /// <summary>The task's place in the claim order: its job's priority (its own when submitted alone), preview, its priority, submission.</summary>
    public ClaimOrder PlaceOf(TaskRecord task) => task.JobId is { } jobId
        ? new ClaimOrder(_jobs[jobId].Priority, task.Preview, task.Priority, task.SubmitSeq, task.Id)
        : ClaimOrder.Alone(task.Priority, task.SubmitSeq, task.Id);

    public void Apply(ITaskEvent e)
    {
        switch (e)
        {
            case TaskSubmitted s:
                AddTask(s.Task);
                break;
            case TaskDeleted d:
                RemoveTask(_tasks[d.TaskId]);
                break;
            case WorkerBlocklistCleared b:
                FailuresByWorkerAndType = FailuresByWorkerAndType.Remove(b.WorkerId);
                break;
            case IJobEvent j:
                ApplyToJob(j);
                break;
            default:
                var before = _tasks[e.TaskId];
                var after = TaskTransitions.Apply(before, e);
                if (e is TaskFailed f) CountFailure(f.WorkerId, before.Type);
                if (e is TaskAssigned a) LastAssignment = Math.Max(LastAssignment, a.Assignment);
                Replace(before, after);
                break;
        }
    }

    private void ApplyToJob(IJobEvent e)
    {
        switch (e)
        {
            case JobSubmitted s:
                AddJob(s.Job);
                foreach (var task in s.Tasks) AddTask(task);
                break;
            case JobStatusChanged c:
                SetJobStatus(c);
                break;
            case JobStatusChangedByOperator o:
                JobActions.Apply(this, o);
                break;
            case JobPriorityChanged p:
                var claimable = QueuedTasksOf(p.JobId, inQueue: true);
                foreach (var task in claimable) Dequeue(task);
                _jobs[p.JobId] = _jobs[p.JobId] with { Priority = p.Priority, UpdatedAt = p.At };
                foreach (var task in claimable) Enqueue(task);
                break;
            case JobDeleted d:
                var job = _jobs[d.JobId];
                foreach (var taskId in job.TaskIds) RemoveTask(_tasks[taskId]);
                _dependencies.RemoveJob(job.Id);
                _jobs.Remove(job.Id);
                _jobIds.Remove(job.Id);
                _jobIdsByStatus[job.Status].Remove(job.Id);
                _tallies.Remove(job.Id);
                _deletedJobIds.Add(job.Id);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a job event");
        }
    }

    /// <summary>Changes one task through <paramref name="e"/> (a change the state makes on its own, for a job action).</summary>
    internal void ChangeTask(long taskId, ITaskEvent e) => Replace(_tasks[taskId], TaskTransitions.Apply(_tasks[taskId], e));

    /// <summary>Pauses or resumes a job: its claimable tasks leave the queue, or come back.</summary>
    internal void SetPaused(long jobId, bool paused, DateTimeOffset at)
    {
        if (_jobs[jobId].Paused == paused) return;
        if (paused)
            foreach (var task in QueuedTasksOf(jobId, inQueue: true)) Dequeue(task);
        _jobs[jobId] = _jobs[jobId] with { Paused = paused, UpdatedAt = at };
        if (!paused)
            foreach (var task in QueuedTasksOf(jobId, inQueue: true)) Enqueue(task);
    }

    /// <summary>The job's tasks in <paramref name="statuses"/>, in the job's order (read before changing them).</summary>
    internal List<TaskRecord> TasksOf(long jobId, params TaskStatus[] statuses) =>
        _jobs[jobId].TaskIds.Select(id => _tasks[id]).Where(t => statuses.Contains(t.Status)).ToList();

    private List<TaskRecord> QueuedTasksOf(long jobId, bool inQueue) =>
        TasksOf(jobId, TaskStatus.Queued).Where(t => !inQueue || MayQueue(t)).ToList();

    private void AddJob(JobRecord job)
    {
        _jobs[job.Id] = job;
        _jobIds.Add(job.Id);
        _jobIdsByStatus[job.Status].Add(job.Id);
        _tallies[job.Id] = new JobTally();
        _dependencies.AddJob(job.Id, job.DependsOn);
        NextJobId = Math.Max(NextJobId, job.Id == long.MaxValue ? long.MaxValue : job.Id + 1);
        NextSubmitSeq = Math.Max(NextSubmitSeq, job.SubmitSeq + 1);
    }

    private void AddTask(TaskRecord task)
    {
        if (task.JobId is { } jobId) _dependencies.AddTask(task.Id, jobId, task.DependsOn ?? []);
        Index(task);
        _ids.Add(task);
        // Saturating: an id of long.MaxValue (allowed before ids were bounded) must not wrap NextId around.
        NextId = Math.Max(NextId, task.Id == long.MaxValue ? long.MaxValue : task.Id + 1);
        NextSubmitSeq = Math.Max(NextSubmitSeq, task.SubmitSeq + 1);
    }

    private void RemoveTask(TaskRecord task)
    {
        _ids.Remove(task);
        Unindex(task);
        _deletedIds.Add(task.Id);
    }

    /// <summary>
    /// A task changed: the indexes follow, and for a task of a job the dependency counters too. Tasks that became
    /// claimable because it completed join the queue; those that waited on it again (it was completed and is not any
    /// more) leave it.
    /// </summary>
    private void Replace(TaskRecord before, TaskRecord after)
    {
        Unindex(before);
        IReadOnlyList<long> runnable = [], stopped = [];
        if (after.JobId is not null && before.Status != after.Status) (runnable, stopped) = CountDependencies(before.Status, after);
        Index(after);
        _ids.Update(before, after);
        foreach (var id in stopped)
            if (_tasks[id] is { Status: TaskStatus.Queued } task) Dequeue(task);
        foreach (var id in runnable)
            if (_tasks[id] is { Status: TaskStatus.Queued } task && MayQueue(task)) Enqueue(task);
        if (after is { Preview: true, JobId: { } jobId } && JobTally.IsUnfinished(before.Status) != JobTally.IsUnfinished(after.Status))
            FollowPreviews(jobId, finished: !JobTally.IsUnfinished(after.Status));
    }

    /// <summary>
    /// A preview of the job <paramref name="finished"/> (or became unfinished again): when it was the last unfinished
    /// one, the job's other queued tasks join the queue (those it may hold); when it is the only unfinished one again,
    /// they leave it. O(the job's tasks), only at those two moments.
    /// </summary>
    private void FollowPreviews(long jobId, bool finished)
    {
        var unfinished = _tallies[jobId].PreviewsUnfinished;
        if (finished ? unfinished != 0 : unfinished != 1) return;
        foreach (var task in TasksOf(jobId, TaskStatus.Queued).Where(t => !t.Preview))
        {
            if (!finished) Dequeue(task);
            else if (MayQueue(task)) Enqueue(task);
        }
    }

    private (IReadOnlyList<long> Runnable, IReadOnlyList<long> Stopped) CountDependencies(TaskStatus from, TaskRecord task)
    {
        IReadOnlyList<long> runnable = [], stopped = [];
        if (from == TaskStatus.Completed) stopped = _dependencies.Reopen(task.Id);
        if (task.Status == TaskStatus.Completed) runnable = _dependencies.Complete(task.Id);
        else if (task.Status is TaskStatus.Failed or TaskStatus.Canceled) _dependencies.FailOrCancel(task.Id);
        else if (from is TaskStatus.Failed or TaskStatus.Canceled) _dependencies.Reopen(task.Id);
        return (runnable, stopped);
    }

    /// <summary>The status rules' decision: a completed job lets the jobs waiting on it run, a job that is no longer
    /// completed holds them back again; a failed job's unfinished tasks are canceled.</summary>
    private void SetJobStatus(JobStatusChanged c)
    {
        var before = _jobs[c.JobId];
        _jobs[c.JobId] = before with { Status = c.Status, UpdatedAt = c.At };
        _jobIdsByStatus[before.Status].Remove(c.JobId);
        _jobIdsByStatus[c.Status].Add(c.JobId);
        if (c.CancelUnfinished)
        {
            var reason = $"canceled: job {c.JobId} {c.Status.ToWire()}";
            foreach (var task in TasksOf(c.JobId, TaskStatus.Queued, TaskStatus.Rendering, TaskStatus.Paused))
                ChangeTask(task.Id, new TaskStatusChangedByOperator(task.Id, TaskStatus.Canceled, false, reason, c.At, Caller.Manager.By));
        }
        if (before.Status != JobStatus.Completed && c.Status == JobStatus.Completed)
        {
            foreach (var id in _dependencies.CompleteJob(c.JobId))
                if (_tasks[id] is { Status: TaskStatus.Queued } task && MayQueue(task)) Enqueue(task);
        }
        else if (before.Status == JobStatus.Completed && c.Status != JobStatus.Completed)
        {
            foreach (var id in _dependencies.ReopenJob(c.JobId))
                if (_tasks[id] is { Status: TaskStatus.Queued } task) Dequeue(task);
        }
    }

    /// <summary>Snapshot reading: the dependency counters and tallies as the jobs and tasks stand, built in submission
    /// order (a job after the jobs it depends on, a task after the tasks it depends on).</summary>
    private void RestoreJobs(IEnumerable<JobRecord> jobs, IEnumerable<TaskRecord> tasks)
    {
        var ordered = jobs.OrderBy(j => j.SubmitSeq).ToList();
        foreach (var job in ordered)
        {
            _jobs[job.Id] = job;
            _jobIds.Add(job.Id);
            _jobIdsByStatus[job.Status].Add(job.Id);
            _tallies[job.Id] = new JobTally();
            _dependencies.AddJob(job.Id, job.DependsOn);
        }
        var jobTasks = tasks.Where(t => t.JobId is not null).OrderBy(t => t.SubmitSeq).ToList();
        foreach (var task in jobTasks) _dependencies.AddTask(task.Id, task.JobId!.Value, task.DependsOn ?? []);
        foreach (var task in jobTasks)
        {
            if (task.Status == TaskStatus.Completed) _dependencies.Complete(task.Id);
            else if (task.Status is TaskStatus.Failed or TaskStatus.Canceled) _dependencies.FailOrCancel(task.Id);
        }
        foreach (var job in ordered.Where(j => j.Status == JobStatus.Completed)) _dependencies.CompleteJob(job.Id);
    }

    /// <summary>Adds or replaces a task and keeps the queue, the holder index and its job's tally in step with its status.</summary>
    private void Index(TaskRecord task)
    {
        _tasks[task.Id] = task;
        IndexStatus(task);
    }

    private void IndexStatus(TaskRecord task)
    {
        if (task.Status == TaskStatus.Queued && MayQueue(task)) Enqueue(task);
        if (task.Status == TaskStatus.Rendering && task.WorkerId is { } holder) _taskHeldByWorker[holder] = task.Id;
        if (task.JobId is { } jobId) _tallies[jobId].Add(task);
    }

    private void Unindex(TaskRecord task)
    {
        _tasks.Remove(task.Id);
        if (task.Status == TaskStatus.Queued) Dequeue(task);
        if (task.Status == TaskStatus.Rendering && task.WorkerId is { } holder) _taskHeldByWorker.Remove(holder);
        if (task.JobId is { } jobId) _tallies[jobId].Remove(task);
    }

    /// <summary>Puts a task in the queue at its place; its job's tally counts it as claimable.</summary>
    private void Enqueue(TaskRecord task)
    {
        if (_queue.Add(task, PlaceOf(task)) && task.JobId is { } jobId) _tallies[jobId].Claimed(+1);
    }

    /// <summary>Takes a task out of the queue (no change when it is not there).</summary>
    private void Dequeue(TaskRecord task)
    {
        if (_queue.Remove(task, PlaceOf(task)) && task.JobId is { } jobId) _tallies[jobId].Claimed(-1);
    }

    private void CountFailure(long workerId, string type)
    {
        var byType = FailuresByWorkerAndType.GetValueOrDefault(workerId) ?? ImmutableDictionary<string, int>.Empty;
        FailuresByWorkerAndType = FailuresByWorkerAndType.SetItem(workerId, byType.SetItem(type, byType.GetValueOrDefault(type) + 1));
    }
}
