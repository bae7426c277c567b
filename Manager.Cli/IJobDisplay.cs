namespace Manager.Cli;

/// <summary>Shows a job's progress while <c>watch</c> runs: it is handed a <c>show</c> callback for each job view polled.</summary>
internal interface IJobDisplay
{
    Task<T> RunAsync<T>(Func<Action<JobView>, Task<T>> watch);
}
