using Manager.Actors.Jobs;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Tokens;
using Manager.Actors.Workers;

namespace Manager.Actors.Audit;

/// <summary>
/// Which persisted events are operator and submitter actions, and how the audit log describes each. Audited events are
/// tagged <see cref="Tag"/> when they are written (<see cref="AuditTagger"/>), so the audit is the journal itself: an
/// entry exists exactly when its change does, and costs no second write.
/// </summary>
public static class AuditDescriptions
{
    public const string Tag = "audit";

    /// <summary>Written before the event recorded who acted.</summary>
    private const string Unknown = "unknown";

    /// <remarks>
    /// Submissions are not tagged: the SQL journal writes a tagged event as a row of its own (with an identity query and
    /// its tag rows) instead of in the multi-row insert of its batch, and submissions are a third of the dispatcher's
    /// events. A task shows who submitted it and when (<c>submitted_by</c>, <c>created_at</c>, its history) instead.
    /// </remarks>
    public static bool IsAudited(object e) => e is TaskStatusChangedByOperator or TaskPriorityChanged or TaskDeleted
        or JobStatusChangedByOperator or JobPriorityChanged or JobDeleted
        or WorkerBlocklistCleared or SettingsChanged or WorkerEnabledChanged or WorkerDeregistered or TokenIssued or TokenRevoked;

    /// <param name="persistenceId">The writer's persistence id: the worker events do not carry their worker's id.</param>
    public static AuditEntry? Describe(long id, object e, string persistenceId) => e switch
    {
        TaskStatusChangedByOperator o => new(id, o.At, o.By ?? Unknown, "task.status", $"task/{o.TaskId}", $"{o.Status.ToWire()}: {o.Activity}"),
        TaskPriorityChanged p => new(id, p.At, p.By ?? Unknown, "task.priority", $"task/{p.TaskId}", $"priority {p.Priority}"),
        TaskDeleted d => new(id, d.At, d.By ?? Unknown, "task.delete", $"task/{d.TaskId}", null),
        JobStatusChangedByOperator o => new(id, o.At, o.By, "job.status", $"job/{o.JobId}", $"{o.Status.ToWire()}: {o.Activity}"),
        JobPriorityChanged p => new(id, p.At, p.By, "job.priority", $"job/{p.JobId}", $"priority {p.Priority}"),
        JobDeleted d => new(id, d.At, d.By, "job.delete", $"job/{d.JobId}", null),
        WorkerBlocklistCleared b => new(id, b.At, b.By ?? Unknown, "worker.blocklist.clear", $"worker/{b.WorkerId}", null),
        SettingsChanged c => new(id, c.At, c.By ?? Unknown, "settings.change", "settings",
            string.Join(", ", c.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))),
        WorkerEnabledChanged w => new(id, w.At, w.By ?? Unknown, w.Enabled ? "worker.enable" : "worker.disable", WorkerTarget(persistenceId), null),
        WorkerDeregistered r => new(id, r.At, r.By, "worker.remove", WorkerTarget(persistenceId), null),
        TokenIssued i => new(id, i.Token.CreatedAt, i.Token.CreatedBy, "token.create", $"token/{i.Token.Id}",
            $"{i.Token.Role.ToWire()} '{i.Token.Name}'{(i.Token.WorkerId is { } w ? $" for worker/{w}" : "")}"),
        TokenRevoked r => new(id, r.At, r.By, "token.revoke", $"token/{r.TokenId}", null),
        _ => null,
    };

    /// <summary><c>worker-17</c> (a proxy's persistence id) → <c>worker/17</c>.</summary>
    private static string WorkerTarget(string persistenceId) =>
        persistenceId.StartsWith("worker-", StringComparison.Ordinal) ? $"worker/{persistenceId["worker-".Length..]}" : persistenceId;
}
