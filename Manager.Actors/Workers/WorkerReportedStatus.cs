namespace Manager.Actors.Workers;

/// <summary>The status word a worker (or an operator) sends with PATCH /workers/{id}.</summary>
public enum WorkerReportedStatus
{
    Available,
    Rendering,
    Enabled,
    Disabled,
}
