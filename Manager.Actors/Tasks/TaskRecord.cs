using Manager.Actors.Compilers;

namespace Manager.Actors.Tasks;

/// <summary>
/// Everything the manager knows about one task. Immutable; an event makes a new one (<see cref="TaskTransitions"/>).
/// </summary>
/// <param name="SubmitSeq">Submission order (ids may be chosen by submitters, so they do not order the queue).</param>
/// <param name="Fingerprint">The submission request in canonical form: a repeated POST with the same task_id must match it.</param>
/// <param name="Assignment">The fencing token of the current (or last) assignment; 0 before the first.</param>
/// <param name="Attempts">How many times the task was assigned.</param>
/// <param name="SubmittedBy">Who submitted it (<c>by</c>).</param>
/// <param name="OwnerTokenId">The token that submitted it: a submitter may change only its own tasks. Null: submitted
/// without authentication (or before it existed): only operators change it.</param>
/// <param name="History">Every status change, oldest first (<see cref="TaskHistory"/>); null is none.</param>
/// <param name="JobId">The job that created it; null for a task submitted alone.</param>
/// <param name="DependsOn">Tasks (of the same job) that must be completed before it may run; null is none.</param>
/// <param name="Preview">A preview task of its job: claimed before the job's other tasks.</param>
public sealed record TaskRecord(
    long Id,
    long SubmitSeq,
    string Type,
    string Parser,
    string Settings,
    string Fingerprint,
    IReadOnlyList<CompiledCommand> Commands,
    long Priority,
    long? FrameStart,
    long? FrameEnd,
    long? FrameCurrent,
    string? Format,
    IReadOnlyList<string> Tags,
    TaskStatus Status,
    long? WorkerId,
    long Assignment,
    int Attempts,
    IReadOnlyList<long> FailedByWorkers,
    string? Activity,
    string? Error,
    double? TimeCost,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string SubmittedBy = "manager",
    long? OwnerTokenId = null,
    IReadOnlyList<TaskHistoryEntry>? History = null,
    long? JobId = null,
    IReadOnlyList<long>? DependsOn = null,
    bool Preview = false)
{
    /// <summary>A task as submitted: queued, never assigned, its history one entry saying why it exists.</summary>
    public static TaskRecord Queued(long id, long submitSeq, string type, string parser, string settings, string fingerprint,
        Compilers.CompiledTask compiled, long priority, IReadOnlyList<string> tags, Common.Caller caller, DateTimeOffset now, string reason) => new(
        Id: id,
        SubmitSeq: submitSeq,
        Type: type,
        Parser: parser,
        Settings: settings,
        Fingerprint: fingerprint,
        Commands: compiled.Commands,
        Priority: priority,
        FrameStart: compiled.FrameStart,
        FrameEnd: compiled.FrameEnd,
        FrameCurrent: null,
        Format: compiled.Format,
        Tags: tags,
        Status: TaskStatus.Queued,
        WorkerId: null,
        Assignment: 0,
        Attempts: 0,
        FailedByWorkers: [],
        Activity: "queued",
        Error: null,
        TimeCost: null,
        CreatedAt: now,
        UpdatedAt: now,
        SubmittedBy: caller.By,
        OwnerTokenId: caller.TokenId,
        History: [new TaskHistoryEntry(now, caller.By, TaskStatus.Queued, reason)]);
}
