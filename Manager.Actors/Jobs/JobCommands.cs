using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Actors.Jobs;

/// <summary>POST /jobs. <paramref name="Settings"/> is the JSON text of the settings object; <paramref name="Priority"/>
/// null means the <c>default_priority</c> setting. <paramref name="Caller"/> null: the manager itself.</summary>
/// <param name="Compiled">The tasks <see cref="JobRules.Compile"/> made of these settings, compiled by the sender so the
/// dispatcher does not spend its own time on a large job (100,000 frames take seconds); null: the dispatcher compiles.</param>
public sealed record SubmitJob(long? JobId, string Name, string Type, string Settings, long? Priority, IReadOnlyList<long> DependsOn,
    IReadOnlyList<string> Tags, Caller? Caller = null, IReadOnlyList<JobTaskSpec>? Compiled = null) : ITaskDispatcherMessage, IAsk<SubmitJobResult>;

/// <summary>PATCH /jobs/{id}: <paramref name="Status"/> is <c>canceled</c>, <c>paused</c> or <c>queued</c>.</summary>
public sealed record UpdateJob(long JobId, JobStatus? Status, long? Priority, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<Done>;

/// <summary>DELETE /jobs/{id}; answers the ids of the tasks removed with it (their logs go too).</summary>
public sealed record DeleteJob(long JobId, Caller? Caller = null) : ITaskDispatcherMessage, IAsk<DeletedJob>;

public sealed record GetJob(long JobId) : ITaskDispatcherMessage, IAsk<JobSummary>;

/// <summary>One page of jobs in ascending id order (GET /jobs).</summary>
public sealed record ListJobs(JobStatus? Status, long After, int Limit) : ITaskDispatcherMessage, IAsk<IReadOnlyList<JobSummary>>;

/// <summary>One page of a job's tasks in ascending id order (GET /jobs/{id}/tasks).</summary>
public sealed record ListJobTasks(long JobId, long After, int Limit) : ITaskDispatcherMessage, IAsk<IReadOnlyList<TaskRecord>>;
