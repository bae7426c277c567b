namespace Manager.Bench.Scenarios;

/// <summary>(b) 1,000 workers polling every 5 s with no work; the manager's CPU over ~30 s, and its HTTP floor.</summary>
public static class IdleScenario
{
    public static Scenario Definition { get; } = new("idle", "(b) 1,000 workers polling every 5 s with no work, 30 s: the manager's CPU",
        [
            BenchOption.Integer("workers"), BenchOption.Seconds("seconds"), BenchOption.Seconds("interval"), BenchOption.Seconds("warmup"),
            BenchOption.Seconds("settle"), BenchOption.Seconds("baseline-seconds"), BenchOption.Integer("unrunnable-tasks"),
            .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 1000);
        var interval = TimeSpan.FromSeconds(options.Double("interval", 5));
        var seconds = options.Double("seconds", 30);
        await using var run = await context.StartAsync(connections: Math.Min(workers, 1024));
        // --unrunnable-tasks N: a queue the pollers can never take from (exec_command tasks; the workers say they
        // render blender_render only), so every poll is a full scheduling decision that finds nothing.
        var unrunnable = options.Int("unrunnable-tasks", 0);
        var ids = await context.RegisterAsync(run, workers, supportedTypes: [unrunnable > 0 ? "blender_render" : "exec_command"]);
        if (unrunnable > 0)
        {
            var submit = await Load.ManyAsync(unrunnable, 64, _ => run.Client.SubmitAsync());
            output.WriteLine($"queued {unrunnable} exec_command tasks that no polling worker can run (they support blender_render only) in {Fmt.F(submit.Seconds)} s");
        }

        var settle = options.Double("settle", 3);
        await Task.Delay(TimeSpan.FromSeconds(settle));
        // One interval of polling first, not counted: the first polls of each worker run through code the JIT
        // has not optimized yet (a manager polls for days; steady state is what counts).
        var warmup = TimeSpan.FromSeconds(options.Double("warmup", interval.TotalSeconds));
        if (warmup > TimeSpan.Zero)
        {
            var w = await PollingLoad.RunAsync(run.Client, ids, interval, warmup);
            output.WriteLine($"warm-up (not counted): {w.Polls} polls in {Fmt.F(warmup.TotalSeconds)} s");
        }

        var baselineSeconds = options.Double("baseline-seconds", 5);
        var baseline = new CpuWindow(run.Manager.Pid);
        await Task.Delay(TimeSpan.FromSeconds(baselineSeconds));
        var b = baseline.Stop();
        output.WriteLine($"baseline (registered, warmed up, nobody polling, {Fmt.F(baselineSeconds, 0)} s): {CpuWindow.Describe(b)}");

        var cpu = new CpuWindow(run.Manager.Pid);
        var generatorPauses = new GcPauses();
        var (polls, given, lat) = await PollingLoad.RunAsync(run.Client, ids, interval, TimeSpan.FromSeconds(seconds));
        var usage = cpu.Stop();
        var pollSwitches = cpu.ManagerContextSwitches();
        var generatorGc = generatorPauses.Close();
        output.WriteLine($"idle farm: {workers} workers polled every {interval.TotalSeconds} s for {Fmt.F(usage.Wall)} s: {polls} polls ({Fmt.F(polls / usage.Wall)} /s), {given} tasks given");
        output.WriteLine($"poll latency: {lat.Summary()}");
        output.WriteLine($"load generator garbage collection in the window: {generatorGc}");
        output.WriteLine($"idle CPU: {CpuWindow.Describe(usage)}");
        output.WriteLine($"RESULT idle: manager CPU {Fmt.F(100 * usage.ManagerCpu / usage.Wall)} % of one core (target < 10 %)");

        // The floor under that figure on this machine: the same requests at the same pace, but to GET /healthz
        // (no body, no actors). What the manager spends above it is the poll itself.
        var floorCpu = new CpuWindow(run.Manager.Pid);
        var floor = await PollingLoad.RunAsync(run.Client, ids, interval, TimeSpan.FromSeconds(seconds), async _ =>
        {
            await run.Client.GetAsync("healthz");
            return 0;
        });
        var floorUsage = floorCpu.Stop();
        var floorSwitches = floorCpu.ManagerContextSwitches();
        output.WriteLine($"HTTP floor: {floor.Polls} GET /healthz at the same pace: {CpuWindow.Describe(floorUsage)}; " +
                         $"a poll costs {Fmt.F(1000 * usage.ManagerCpu / polls, 3)} ms of manager CPU, a GET /healthz {Fmt.F(1000 * floorUsage.ManagerCpu / floor.Polls, 3)} ms");
        output.WriteLine($"context switches in the manager: {Fmt.F((double)pollSwitches / polls, 2)} per poll, {Fmt.F((double)floorSwitches / floor.Polls, 2)} per GET /healthz");
        context.ReportPeak(run.Manager);
        return 0;
    }
}
