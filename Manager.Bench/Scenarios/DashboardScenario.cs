namespace Manager.Bench.Scenarios;

/// <summary>
/// Issue 18, "stay light": with 10,000 workers and 100,000 tasks (1,000 jobs × 100 frames), (1) what the dashboard's
/// overview needs at sign-in (<see cref="OverviewLoad"/>), several times: median and worst (target < 1 s); (2) GET /events
/// read by one client while workers claim and complete tasks back to back (busy's life cycle): events and <c>changes</c>
/// per second, the most <c>changes</c> in any second (coalesced: about 4), items per event, bytes per second, the longest
/// silence, the client's parse time per event (<see cref="EventStreamFigures"/>). With --chromium, (1) in a real browser
/// too (<see cref="BrowserOverview"/>).
/// </summary>
public static class DashboardScenario
{
    private const double OverviewTargetMs = 1000;

    public static Scenario Definition { get; } = new("dashboard",
        "10,000 workers, 1,000 jobs × 100 frames: the overview's loads at sign-in; GET /events under the busy load",
        [
            BenchOption.Integer("workers"), BenchOption.Integer("jobs"), BenchOption.Integer("frames"), BenchOption.Integer("chunk"),
            BenchOption.Integer("repetitions"), BenchOption.Integer("busy-workers"), BenchOption.Seconds("seconds"), BenchOption.Seconds("warmup"),
            BenchOption.Flag("chromium"), ScenarioContext.Timeline, .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var workers = options.Int("workers", 10_000);
        var jobs = options.Int("jobs", 1000);
        var shape = new JobShape(options.Int("frames", 100), options.Int("chunk", 1));
        var busyWorkers = Math.Min(workers, options.Int("busy-workers", 200));
        await using var run = await context.StartAsync(connections: 64 + busyWorkers);
        var ids = await context.RegisterAsync(run, workers, concurrency: 64, supportedTypes: ["blender_render", "exec_command"]);
        var body = shape.Body("dashboard shot");
        var submit = await Load.ManyAsync(jobs, 32, _ => run.Client.SubmitJobAsync(body));
        var tasks = jobs * shape.Tasks;
        output.WriteLine($"submitted {jobs} jobs of {shape} = {tasks} tasks in {Fmt.F(submit.Seconds, 2)} s; latency {submit.Latency.Summary()}; RSS {Fmt.MB(run.Manager.Rss())}");

        var (overview, complete) = await MeasureOverviewAsync(context, run, options.Int("repetitions", 5), workers, jobs);
        output.WriteLine($"RESULT dashboard overview: {workers} workers, {jobs} jobs, {tasks} tasks: GET /whoami + GET /events to its resync + every page of GET /jobs "
                         + $"+ GET /workers, parsed, in median {Fmt.F(overview.Percentile(50), 1)} ms, worst {Fmt.F(overview.Percentile(100), 1)} ms "
                         + $"of {overview.Count} (target < {OverviewTargetMs:F0} ms)");

        if (options.Flag("chromium"))
        {
            var drawn = Latencies.Merge([Of(await BrowserOverview.MeasureAsync(run.Manager.BaseAddress, workers, options.Int("repetitions", 5)))]);
            output.WriteLine($"RESULT dashboard overview in Chromium: sign-in clicked → the overview drawn with every worker and the tasks' counts, "
                             + $"median {Fmt.F(drawn.Percentile(50), 1)} ms, worst {Fmt.F(drawn.Percentile(100), 1)} ms of {drawn.Count} (target < {OverviewTargetMs:F0} ms)");
        }

        var stream = await MeasureEventsAsync(context, run, ids.Take(busyWorkers).ToList());
        return complete && stream.Events > 0 ? 0 : 1;
    }

    private static Latencies Of(IEnumerable<double> ms)
    {
        var latencies = new Latencies();
        foreach (var m in ms) latencies.Add(m);
        return latencies;
    }

    /// <summary>The overview's loads, <paramref name="repetitions"/> times one after another; whether each saw every job and worker.</summary>
    private static async Task<(Latencies Total, bool Complete)> MeasureOverviewAsync(ScenarioContext context, FarmRun run, int repetitions, int workers, int jobs)
    {
        var totals = new Latencies();
        var complete = true;
        for (var i = 1; i <= repetitions; i++)
        {
            var cpu = new CpuWindow(run.Manager.Pid);
            var t = await OverviewLoad.MeasureAsync(run.Manager.BaseAddress);
            var usage = cpu.Stop();
            totals.Add(t.TotalMs);
            complete &= t.Jobs == jobs && t.Workers == workers;
            context.Output.WriteLine($"overview {i}: {Fmt.F(t.TotalMs, 1)} ms = GET /whoami {Fmt.F(t.WhoamiMs, 1)} ms, resync {Fmt.F(t.ResyncMs, 1)} ms, then at once "
                                     + $"GET /jobs {Fmt.F(t.JobsMs, 1)} ms ({t.JobPages} pages, {t.Jobs} jobs, {t.JobBytes:N0} bytes) and GET /workers {Fmt.F(t.WorkersMs, 1)} ms "
                                     + $"({t.Workers} workers, {t.WorkerBytes:N0} bytes); {CpuWindow.Describe(usage)}");
        }
        return (Latencies.Merge([totals]), complete);
    }

    /// <summary>One client reads GET /events while <paramref name="busy"/> workers claim and complete the queued tasks back to back.</summary>
    private static async Task<EventStreamFigures> MeasureEventsAsync(ScenarioContext context, FarmRun run, IReadOnlyList<long> busy)
    {
        var output = context.Output;
        var plan = new LoadPlan { Duration = TimeSpan.FromSeconds(context.Options.Double("warmup", 10)), IdlePollMs = 50 };
        if (plan.Duration > TimeSpan.Zero)
        {
            var warm = await Load.RunAsync(run.Client, run.Managers, busy, plan);
            output.WriteLine($"warm-up (not counted): {Fmt.F(plan.Duration.Value.TotalSeconds, 0)} s, {Fmt.F(warm.CyclesPerSecond, 0)} life cycles/s");
        }

        await using var events = await EventStreamReader.OpenAsync(run.Manager.BaseAddress);
        await events.FirstResync.WaitAsync(TimeSpan.FromSeconds(60));
        var from = events.Now;
        var r = await Load.RunAsync(run.Client, run.Managers, busy, plan with { Duration = TimeSpan.FromSeconds(context.Options.Double("seconds", 20)) });
        var to = events.Now;
        var f = EventStreamFigures.Of(events.Between(from, to), from, to);
        context.PrintLoad($"GET /events read by one client while {busy.Count} workers claim and complete queued job tasks back to back", r);
        output.WriteLine($"RESULT dashboard events: {busy.Count} workers completing {Fmt.F(r.CyclesPerSecond, 0)} tasks/s for {Fmt.F(f.Seconds, 1)} s: "
                         + $"{Fmt.F(f.EventsPerSecond, 2)} events/s ({Fmt.F(f.ChangesPerSecond, 2)} changes/s, at most {f.MostChangesInASecond} changes in any second, target ≤ 4; one every {Fmt.F(f.ChangesEveryMs, 0)} ms, median); "
                         + $"{Fmt.F(f.ItemsMean, 1)} items per event (max {f.ItemsMax}); {Fmt.F(f.BytesPerSecond / 1024, 1)} kB/s; largest gap {Fmt.F(f.LargestGapMs, 0)} ms; "
                         + $"client parse {Fmt.F(f.ParseMeanMs, 2)} ms per event (max {Fmt.F(f.ParseMaxMs, 2)})");
        return f;
    }
}
