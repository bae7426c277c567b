using System.Globalization;
using Manager.Actors.Common;
using Manager.Actors.Compilers;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;

namespace Manager.Actors.Jobs;

/// <summary>
/// Submitting, changing and deleting jobs as pure functions: given the state and a command, what is answered and which
/// events happen (like <see cref="TaskRules"/>). The job's status after each change is <see cref="JobFollowUps"/>'.
/// </summary>
public static class JobRules
{
    public const int MaxNameLength = 256;

    public static readonly IReadOnlyList<string> Types = [BlenderRenderJobCompiler.Type];

    public static Decision<SubmitJobResult> Submit(DispatcherState state, SubmitJob cmd, ManagerSettings settings, DateTimeOffset now)
    {
        if (cmd.JobId is { } chosen && Bounds.IdProblem(chosen) is { } badId) return Invalid("job_id", badId);
        if (NameProblem(cmd.Name) is { } badName) return Invalid("name", badName);
        if (Bounds.TagsProblem(cmd.Tags) is { } badTags) return Invalid("tags", badTags);
        if (Bounds.SettingsProblem(cmd.Settings) is { } tooLong) return Invalid("settings", tooLong);
        if (!Types.Contains(cmd.Type)) return Invalid("type", $"unknown job type '{cmd.Type}'; known job types: {string.Join(", ", Types)}");

        var fingerprint = Fingerprint(cmd);
        if (cmd.JobId is { } requestedId)
        {
            if (state.DeletedJobIds.Contains(requestedId))
                return new Refusal.Conflict($"job {requestedId} was deleted; job ids are never reused");
            if (state.Jobs.TryGetValue(requestedId, out var existing))
                return existing.Fingerprint == fingerprint
                    ? Decision.Answer(Outcome.Done(new SubmitJobResult(JobSummaries.Of(state, existing, settings.JobFailPercent), Created: false)))
                    : new Refusal.Conflict($"job {requestedId} already exists with a different body");
        }
        foreach (var dependency in cmd.DependsOn)
            if (!state.Jobs.ContainsKey(dependency))
                return Invalid("depends_on", state.DeletedJobIds.Contains(dependency)
                    ? $"job {dependency} was deleted"
                    : $"there is no job {dependency} to depend on");

        var compiled = cmd.Compiled is { } given ? JobCompileResult.Ok(given) : Compile(cmd.Type, cmd.Settings)!;
        if (compiled.Tasks is not { } specs)
            return new Refusal.Invalid($"the settings are not valid for a '{cmd.Type}' job",
                compiled.Errors.ToDictionary(kv => $"settings.{kv.Key}", kv => kv.Value));

        var jobId = cmd.JobId ?? state.AllocateJobId();
        var taskIds = state.AllocateIds(specs.Count);
        if (jobId is null || taskIds is null)
            return new Refusal.Conflict($"no {(jobId is null ? "job" : "task")} id is left to allocate: ids only grow, and the next one would pass {Bounds.MaxId} (2^53-1)");

        var caller = cmd.Caller ?? Caller.Manager;
        var priority = cmd.Priority ?? settings.DefaultPriority;
        var tasks = new TaskRecord[specs.Count];
        for (var i = 0; i < specs.Count; i++)
            tasks[i] = TaskOf(specs[i], taskIds[i], state.NextSubmitSeq + 1 + i, jobId.Value, taskIds, cmd, caller, now);
        var job = new JobRecord(
            Id: jobId.Value,
            SubmitSeq: state.NextSubmitSeq,
            Name: cmd.Name,
            Type: BlenderRenderJobCompiler.Type,
            Settings: cmd.Settings,
            Fingerprint: fingerprint,
            Priority: priority,
            DependsOn: cmd.DependsOn.Distinct().ToArray(),
            Tags: cmd.Tags,
            TaskIds: taskIds,
            FramesTotal: tasks.Sum(JobTally.FramesOf),
            WorkTotal: tasks.Sum(JobTally.WorkOf),
            Paused: false,
            Status: JobStatus.Queued,
            SubmittedBy: caller.By,
            OwnerTokenId: caller.TokenId,
            CreatedAt: now,
            UpdatedAt: now);

        var submitted = new JobSubmitted(job, tasks);
        return Decision.Of(Outcome.Done(new SubmitJobResult(NewSummary(state, job, settings.JobFailPercent), Created: true)), [submitted]);
    }

    /// <summary>The job's tasks compiled from its settings (pure; may be called anywhere), or null for an unknown job type.</summary>
    public static JobCompileResult? Compile(string type, string settings) =>
        type == BlenderRenderJobCompiler.Type ? BlenderRenderJobCompiler.Compile(settings) : null;

    public static Decision<Done> Update(DispatcherState state, UpdateJob cmd, DateTimeOffset now)
    {
        if (!state.Jobs.TryGetValue(cmd.JobId, out var job)) return new Refusal.NotFound($"no job {cmd.JobId}");
        var caller = cmd.Caller ?? Caller.Manager;
        if (!caller.MayChange(job.OwnerTokenId)) return NotOwner(job, caller);

        var events = new List<ITaskEvent>(2);
        if (cmd.Status is { } to)
        {
            if (!JobOperatorTransitions.IsAllowed(job.Status, job.Paused, to))
                return new Refusal.Conflict($"a {job.Status.ToWire()}{(job.Paused ? " (paused)" : "")} job cannot be set to {to.ToWire()}");
            events.Add(new JobStatusChangedByOperator(job.Id, to, JobOperatorTransitions.Activity(job.Id, job.Status, job.Paused, to), now, caller.By));
        }
        if (cmd.Priority is { } priority && priority != job.Priority)
            events.Add(new JobPriorityChanged(job.Id, priority, now, caller.By));
        return Decision.Of(Outcome.Done(), events);
    }

    public static Decision<DeletedJob> Delete(DispatcherState state, DeleteJob cmd, DateTimeOffset now)
    {
        if (!state.Jobs.TryGetValue(cmd.JobId, out var job)) return new Refusal.NotFound($"no job {cmd.JobId}");
        var caller = cmd.Caller ?? Caller.Manager;
        if (!caller.MayChange(job.OwnerTokenId)) return NotOwner(job, caller);
        if (state.DependentJobs(job.Id) is { Count: > 0 } dependents)
            return new Refusal.Conflict(
                $"job{(dependents.Count == 1 ? "" : "s")} {string.Join(", ", dependents.Order())} depend{(dependents.Count == 1 ? "s" : "")} on job {job.Id}: delete {(dependents.Count == 1 ? "it" : "them")} first");
        return Decision.Of(Outcome.Done(new DeletedJob(job.Id, job.TaskIds)), [new JobDeleted(job.Id, now, caller.By)]);
    }

    /// <summary>
    /// Why a finished task of a job in a final status may not be queued again on its own (PATCH /tasks/{id} queued), or
    /// null when it may: the job's status is decided afresh by the rules (<see cref="JobSummaries.IfQueuedAgain"/>), and
    /// a job that would stay failed or canceled would cancel the task again at once — its failed share still reaches
    /// job_fail_percent, or the task waits on a failed or canceled one. A job in a final status has no unfinished task.
    /// </summary>
    public static string? QueueAgainProblem(DispatcherState state, TaskRecord task, int failPercent)
    {
        if (task.JobId is not { } jobId || !state.Jobs.TryGetValue(jobId, out var job) || !job.Status.IsFinal()) return null;
        var decision = JobSummaries.IfQueuedAgain(state, job, task, failPercent);
        if (!decision.Status.IsFinal()) return null;
        return $"job {job.Id} would stay {decision.Status.ToWire()} ({decision.Activity}) and cancel task {task.Id} again at once; " +
               $"queue the job again instead (PATCH /jobs/{job.Id} {{\"status\":\"queued\"}}), which renders its failed and canceled tasks again";
    }

    /// <summary>The job's name: 1 to 256 characters (Unicode scalar values), not blank, no control characters.</summary>
    public static string? NameProblem(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "name must be a non-empty string";
        if (name.Length > MaxNameLength && name.EnumerateRunes().Count() > MaxNameLength) return $"name must be at most {MaxNameLength} characters";
        return name.Any(char.IsControl) ? "name must not contain control characters" : null;
    }

    private static TaskRecord TaskOf(JobTaskSpec spec, long id, long submitSeq, long jobId, long[] taskIds, SubmitJob cmd, Caller caller,
        DateTimeOffset now) =>
        TaskRecord.Queued(id, submitSeq, spec.Type, TaskCompilers.TryGet(spec.Type, out var compiler) ? compiler.DefaultParser : "none",
            spec.Settings, "", spec.Compiled, 0, cmd.Tags, caller, now, $"submitted with job {jobId}") with
        {
            JobId = jobId,
            DependsOn = spec.DependsOn.Select(index => taskIds[index]).ToArray(),
            Preview = spec.Preview,
        };

    /// <summary>A job just compiled, before its event is applied: every task queued, nothing done.</summary>
    private static JobSummary NewSummary(DispatcherState state, JobRecord job, int failPercent)
    {
        var counts = new JobTaskCounts(Queued: job.TaskIds.Count);
        var dependencies = job.DependsOn.Select(id => JobSummaries.Dependency(state, id)).ToList();
        var decision = JobStatusRules.Decide(counts, false, failPercent, dependencies);
        return new JobSummary(job, counts, 0, 0, null, decision.Activity);
    }

    private static string Fingerprint(SubmitJob cmd) => string.Join('\u001f', cmd.Name, cmd.Type, cmd.Settings,
        cmd.Priority?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join(',', cmd.DependsOn), string.Join('\u001e', cmd.Tags));

    private static Refusal NotOwner(JobRecord job, Caller caller) =>
        NotOwnerRefusal.Of("job", job.Id, job.SubmittedBy, job.OwnerTokenId, caller);

    private static Refusal Invalid(string field, string message) => Refusal.InvalidField(field, message);
}
