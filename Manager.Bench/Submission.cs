namespace Manager.Bench;

/// <summary>
/// What a submitter of a load sends: one request that queues <paramref name="Tasks"/> tasks (a plain task, or a job compiled
/// into many); <paramref name="SendAsync"/> answers the id of what it created.
/// </summary>
/// <param name="What">How the run's report names one submission.</param>
public sealed record Submission(string What, int Tasks, Func<FarmClient, Task<long>> SendAsync)
{
    /// <summary>POST /tasks with a zero-length exec_command task.</summary>
    public static Submission PlainTask { get; } = new("zero-length exec_command task", 1, client => client.SubmitAsync());
}
