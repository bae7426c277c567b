namespace Manager.Bench.Scenarios;

/// <summary>
/// After a jobs run, what the manager says (GET /jobs, GET /tasks) against the order the workers saw (<see cref="LifeCycleLog"/>):
/// every job completed with the tasks its shape compiles into, every task completed and given to a worker once; in every job
/// each preview's completion was sent before the first chunk was claimed (previews finish first), and the video was claimed
/// only after the completion of every render task was sent (its dependencies).
/// </summary>
public sealed class JobChecks
{
    private sealed record JobItem(long Id, string Status, int TasksTotal);

    private sealed record TaskItem(long Id, string Status, string Type, long? FrameStart, long? FrameEnd, long? JobId, long[] DependsOn);

    /// <summary>Problems beyond this many are counted, not listed.</summary>
    private const int Listed = 10;

    private readonly List<string> _problems = new();
    private int _problemCount;

    public int Jobs { get; private set; }
    public int JobsCompleted { get; private set; }
    public long Tasks { get; private set; }
    public long TasksCompleted { get; private set; }
    public int PreviewsFirst { get; private set; }
    public int VideoLast { get; private set; }

    public bool Passed => _problemCount == 0 && Jobs > 0;

    /// <summary>One line: the counts, then <c>passed</c> or <c>FAILED</c> with the first problems.</summary>
    public string Summary() =>
        $"{JobsCompleted}/{Jobs} jobs completed, {TasksCompleted}/{Tasks} tasks completed; previews finished before the first chunk was claimed in {PreviewsFirst}/{Jobs} jobs; "
        + $"video claimed after every render task completed in {VideoLast}/{Jobs} jobs: "
        + (Passed ? "passed" : $"FAILED ({_problemCount} problem(s): {string.Join("; ", _problems)}{(_problemCount > Listed ? "; …" : "")})");

    public static async Task<JobChecks> RunAsync(FarmClient client, JobShape shape, LifeCycleLog log)
    {
        var checks = new JobChecks();
        var jobs = await AllAsync<JobItem>(client, "jobs", j => j.Id);
        var tasks = (await AllAsync<TaskItem>(client, "tasks", t => t.Id)).ToLookup(t => t.JobId);
        foreach (var alone in tasks[null]) checks.Problem($"task {alone.Id} belongs to no job");
        foreach (var again in log.ClaimedAgain) checks.Problem($"task {again} was given to a worker twice");
        foreach (var job in jobs) checks.Check(job, tasks[job.Id].ToList(), shape, log);
        return checks;
    }

    private void Check(JobItem job, List<TaskItem> tasks, JobShape shape, LifeCycleLog log)
    {
        Jobs++;
        Tasks += tasks.Count;
        if (job.Status == "completed") JobsCompleted++;
        else Problem($"job {job.Id} is {job.Status}");
        if (tasks.Count != shape.Tasks || job.TasksTotal != shape.Tasks)
            Problem($"job {job.Id} has {tasks.Count} tasks (tasks_total {job.TasksTotal}), its shape {shape.Tasks}");
        foreach (var task in tasks)
        {
            if (task.Status == "completed") TasksCompleted++;
            else Problem($"task {task.Id} of job {job.Id} is {task.Status}");
            if (log.ClaimedAt(task.Id) is null || log.CompletingAt(task.Id) is null) Problem($"task {task.Id} of job {job.Id} was not claimed and completed by the load");
        }

        var byKind = tasks.ToLookup(t => shape.KindOf(t.Type, t.FrameStart, t.FrameEnd));
        var previews = byKind[JobTaskKind.Preview].ToList();
        var chunks = byKind[JobTaskKind.Chunk].ToList();
        if (previews.Count != shape.Previews) Problem($"job {job.Id} has {previews.Count} preview tasks, its shape {shape.Previews}");
        var lastPreviewDone = previews.Max(p => log.CompletingAt(p.Id)) ?? long.MaxValue;
        var firstChunkClaimed = chunks.Min(c => log.ClaimedAt(c.Id)) ?? long.MaxValue;
        if (lastPreviewDone < firstChunkClaimed) PreviewsFirst++;
        else Problem($"job {job.Id}: a chunk was claimed (step {firstChunkClaimed}) before its last preview completed (step {lastPreviewDone})");

        var renders = previews.Concat(chunks).ToList();
        if (byKind[JobTaskKind.Video].ToList() is not [var video])
        {
            Problem($"job {job.Id} has {byKind[JobTaskKind.Video].Count()} video tasks");
            return;
        }
        if (!video.DependsOn.ToHashSet().SetEquals(renders.Select(r => r.Id)))
            Problem($"job {job.Id}: its video depends on {video.DependsOn.Length} tasks, not on its {renders.Count} render tasks");
        var lastRenderDone = renders.Max(r => log.CompletingAt(r.Id)) ?? long.MaxValue;
        if (lastRenderDone < (log.ClaimedAt(video.Id) ?? long.MinValue)) VideoLast++;
        else Problem($"job {job.Id}: its video was claimed (step {log.ClaimedAt(video.Id)}) before its last render task completed (step {lastRenderDone})");
    }

    private void Problem(string problem)
    {
        if (++_problemCount <= Listed) _problems.Add(problem);
    }

    /// <summary>Every item of a listing, page by page (<c>after</c>, <c>limit=1000</c>).</summary>
    private static async Task<List<T>> AllAsync<T>(FarmClient client, string path, Func<T, long> id)
    {
        var all = new List<T>();
        for (long after = 0; ;)
        {
            var page = await client.GetJsonAsync<List<T>>($"{path}?limit=1000&after={after}");
            if (page.Count == 0) return all;
            all.AddRange(page);
            after = id(page[^1]);
        }
    }
}
