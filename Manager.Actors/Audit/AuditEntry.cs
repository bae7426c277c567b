namespace Manager.Actors.Audit;

/// <summary>
/// One operator or submitter action as GET /audit lists it. <see cref="Id"/> is the event's position in the journal,
/// so entries are in the order the changes were made and a page continues after the last id it showed.
/// </summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string By, string Action, string Target, string? Detail);
