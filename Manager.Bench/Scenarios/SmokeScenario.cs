namespace Manager.Bench.Scenarios;

/// <summary>A few seconds end to end (the test suite runs it): every task goes through the whole life cycle.</summary>
public static class SmokeScenario
{
    public static Scenario Definition { get; } = new("smoke", "5 workers, 50 tasks through the whole worker protocol (the test suite runs this)",
        [
            BenchOption.Integer("workers"), BenchOption.Integer("tasks"), BenchOption.Seconds("ceiling-seconds"),
            ScenarioContext.Timeline, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 5);
        var tasks = options.Int("tasks", 50);
        await using var run = await context.StartAsync(connections: workers + 4);
        var ids = await context.RegisterAsync(run, workers);
        var submit = await Load.ManyAsync(tasks, 4, _ => run.Client.SubmitAsync());
        output.WriteLine($"submitted {tasks} tasks in {Fmt.F(submit.Seconds, 2)} s; latency {submit.Latency.Summary()}");
        await context.CeilingAsync(run, workers, options.Double("ceiling-seconds", 1));
        var r = await Load.RunAsync(run.Client, run.Managers, ids, new LoadPlan
        {
            TargetCycles = tasks, Rendering = true, ProgressUpdates = 1, LogChunks = 1, LogBytes = 256, IdlePollMs = 20,
        });
        context.PrintLoad($"smoke: {workers} workers, {tasks} tasks (claim → rendering → progress → output chunk → completed)", r);
        context.ReportPeak(run.Manager);
        var ok = r.Cycles == tasks;
        output.WriteLine($"RESULT smoke: {r.Cycles}/{tasks} life cycles completed{(ok ? "" : " — INCOMPLETE")}");
        return ok ? 0 : 1;
    }
}
