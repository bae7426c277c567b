using System.Diagnostics;
using System.Globalization;

namespace Manager.Bench;

/// <summary>The benchmark scenarios. Each starts its own manager process on a fresh SQLite file (recovery: a generated one).</summary>
public sealed class Scenarios(BenchOptions options, TextWriter output)
{
    private readonly string _managerDll = ManagerProcess.FindManagerDll(options.String("manager-dll"));

    public Task<int> RunAsync() => options.Scenario switch
    {
        "busy" => BusyAsync(),
        "idle" => IdleAsync(),
        "big" => BigAsync(),
        "recovery" => RecoveryAsync(),
        "scaling" => ScalingAsync(),
        "smoke" => SmokeAsync(),
        _ => throw new ArgumentException($"unknown scenario '{options.Scenario}'; use busy, idle, big, recovery, scaling or smoke"),
    };

    // ---------------------------------------------------------------- scenarios

    /// <summary>(a) 200 workers, zero-length tasks submitted continuously, as many life cycles as the manager takes.</summary>
    private async Task<int> BusyAsync()
    {
        var workers = options.Int("workers", 200);
        var seconds = options.Double("seconds", 20);
        await using var run = await StartAsync(connections: workers + Submitters(workers));
        var ids = await RegisterAsync(run, workers);
        await CeilingAsync(run, workers, options.Double("ceiling-seconds", 5));
        var result = await BusyRunAsync(run, ids, seconds, options.Double("warmup", 30));

        // Latency at a given load, not at saturation: in a closed loop with no think time, latency is simply
        // requests in flight ÷ throughput (Little's law), so it says nothing about how fast a claim is served.
        var rate = options.Double("rate", 2000);
        if (rate > 0)
        {
            var paced = await Load.RunAsync(run.Client, run.Manager, ids, Plan(ids, options.Double("rate-seconds", 10)) with { PacedCyclesPerSecond = rate });
            PrintLoad($"paced: {ids.Count} workers each starting a life cycle every {Fmt.F(ids.Count / rate, 3)} s = {Fmt.F(rate, 0)} life cycles/s offered", paced);
            output.WriteLine($"RESULT busy {ids.Count} at {Fmt.F(rate, 0)} life cycles/s offered: {Fmt.F(paced.CyclesPerSecond, 0)} served, claim p99 {Fmt.F(paced.Claim.Percentile(99), 2)} ms (target < 50 ms)");
        }
        ReportPeak(run.Manager);
        return result.Cycles > 0 ? 0 : 1;
    }

    /// <summary>Life cycles/s and claim p99 as the farm grows (default 10, 100, 1000 workers), a fresh manager per point.</summary>
    private async Task<int> ScalingAsync()
    {
        var counts = options.IntList("workers", [10, 100, 1000]);
        var seconds = options.Double("seconds", 10);
        var rows = new List<string>();
        foreach (var workers in counts)
        {
            output.WriteLine($"--- {workers} workers");
            await using var run = await StartAsync(connections: Math.Min(workers, 1024) + Submitters(workers));
            var ids = await RegisterAsync(run, workers);
            var ceiling = await CeilingAsync(run, Math.Min(workers, 1024), options.Double("ceiling-seconds", 3));
            var r = await BusyRunAsync(run, ids, seconds, options.Double("warmup", 5));
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {workers} | {r.CyclesPerSecond:F0} | {r.Claim.Percentile(50):F1} | {r.Claim.Percentile(99):F1} | {r.Cycle.Percentile(99):F1} | {100 * r.Cpu.ManagerCpu / r.Cpu.Wall:F0} % | {Fmt.MB(run.Manager.PeakRss())} | {ceiling:F0} |"));
        }
        output.WriteLine();
        output.WriteLine("| workers | life cycles/s | claim p50 ms | claim p99 ms | cycle p99 ms | manager CPU (of one core) | peak RSS | HTTP ceiling req/s |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) output.WriteLine(row);
        return 0;
    }

    /// <summary>(b) 1,000 workers polling every 5 s with no work; the manager's CPU over ~30 s.</summary>
    private async Task<int> IdleAsync()
    {
        var workers = options.Int("workers", 1000);
        var interval = TimeSpan.FromSeconds(options.Double("interval", 5));
        var seconds = options.Double("seconds", 30);
        await using var run = await StartAsync(connections: Math.Min(workers, 1024));
        // --unrunnable-tasks N: a queue the pollers can never take from (exec_command tasks; the workers say they
        // render blender_render only), so every poll is a full scheduling decision that finds nothing.
        var unrunnable = options.Int("unrunnable-tasks", 0);
        var ids = await RegisterAsync(run, workers, supportedType: unrunnable > 0 ? "blender_render" : "exec_command");
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
            var w = await PollAsync(run, ids, interval, warmup);
            output.WriteLine($"warm-up (not counted): {w.Polls} polls in {Fmt.F(warmup.TotalSeconds)} s");
        }

        var baselineSeconds = options.Double("baseline-seconds", 5);
        var baseline = new CpuWindow(run.Manager.Pid);
        await Task.Delay(TimeSpan.FromSeconds(baselineSeconds));
        var b = baseline.Stop();
        output.WriteLine($"baseline (registered, warmed up, nobody polling, {Fmt.F(baselineSeconds, 0)} s): {CpuWindow.Describe(b)}");

        var cpu = new CpuWindow(run.Manager.Pid);
        var (polls, given, lat) = await PollAsync(run, ids, interval, TimeSpan.FromSeconds(seconds));
        var usage = cpu.Stop();
        var pollSwitches = cpu.ManagerContextSwitches();
        output.WriteLine($"idle farm: {workers} workers polled every {interval.TotalSeconds} s for {Fmt.F(usage.Wall)} s: {polls} polls ({Fmt.F(polls / usage.Wall)} /s), {given} tasks given");
        output.WriteLine($"poll latency: {lat.Summary()}");
        output.WriteLine($"idle CPU: {CpuWindow.Describe(usage)}");
        output.WriteLine($"RESULT idle: manager CPU {Fmt.F(100 * usage.ManagerCpu / usage.Wall)} % of one core (target < 10 %)");

        // The floor under that figure on this machine: the same requests at the same pace, but to GET /healthz
        // (no body, no actors). What the manager spends above it is the poll itself.
        var floorCpu = new CpuWindow(run.Manager.Pid);
        var floor = await PollAsync(run, ids, interval, TimeSpan.FromSeconds(seconds), async _ =>
        {
            await run.Client.GetAsync("healthz");
            return 0;
        });
        var floorUsage = floorCpu.Stop();
        var floorSwitches = floorCpu.ManagerContextSwitches();
        output.WriteLine($"HTTP floor: {floor.Polls} GET /healthz at the same pace: {CpuWindow.Describe(floorUsage)}; " +
                         $"a poll costs {Fmt.F(1000 * usage.ManagerCpu / polls, 3)} ms of manager CPU, a GET /healthz {Fmt.F(1000 * floorUsage.ManagerCpu / floor.Polls, 3)} ms");
        output.WriteLine($"context switches in the manager: {Fmt.F((double)pollSwitches / polls, 2)} per poll, {Fmt.F((double)floorSwitches / floor.Polls, 2)} per GET /healthz");
        ReportPeak(run.Manager);
        return 0;
    }

    /// <summary>
    /// Every worker polls (PATCH available, or <paramref name="request"/>: answers the tasks it was given) once per
    /// interval, spread over it as workers started at different times are.
    /// </summary>
    private static async Task<(long Polls, long Given, Latencies Latency)> PollAsync(Run run, IReadOnlyList<long> ids, TimeSpan interval, TimeSpan duration,
        Func<long, Task<long>>? request = null)
    {
        request ??= async id => await run.Client.ClaimAsync(id) is null ? 0 : 1;
        var clock = Stopwatch.StartNew();
        var parts = ids.Select(_ => new Latencies()).ToList();
        long polls = 0, given = 0;
        await Task.WhenAll(ids.Select((id, i) => Task.Run(async () =>
        {
            var next = TimeSpan.FromTicks((long)(interval.Ticks * (double)i / ids.Count));
            while (next < duration)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                var t0 = Stopwatch.GetTimestamp();
                if (await request(id) > 0) Interlocked.Increment(ref given);
                parts[i].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Interlocked.Increment(ref polls);
                next += interval;
            }
        })));
        return (polls, given, Latencies.Merge(parts));
    }

    /// <summary>(c) 10,000 registered workers and 100,000 queued tasks: RSS, then every worker claims once.</summary>
    private async Task<int> BigAsync()
    {
        var workers = options.Int("workers", 10_000);
        var tasks = options.Int("tasks", 100_000);
        var concurrency = options.Int("concurrency", 200);
        await using var run = await StartAsync(connections: concurrency + 8);
        output.WriteLine($"RSS after start: {Fmt.MB(run.Manager.Rss())}");
        var ids = await RegisterAsync(run, workers, concurrency: 64);
        output.WriteLine($"RSS with {workers} workers: {Fmt.MB(run.Manager.Rss())}");

        var cpu = new CpuWindow(run.Manager.Pid);
        var submit = await Load.ManyAsync(tasks, 64, _ => run.Client.SubmitAsync());
        output.WriteLine($"submitted {tasks} tasks in {Fmt.F(submit.Seconds)} s = {Fmt.F(submit.Results.Length / submit.Seconds, 0)} /s; latency {submit.Latency.Summary()}; {CpuWindow.Describe(cpu.Stop())}");
        GC.Collect();
        output.WriteLine($"RSS with {workers} workers and {tasks} queued tasks: {Fmt.MB(run.Manager.Rss())} (peak so far {Fmt.MB(run.Manager.PeakRss())})");

        var eachClaimsOnce = new LoadPlan { OneCycleEach = true, Rendering = options.Flag("rendering"), IdlePollMs = 50 };
        var r = await Load.RunAsync(run.Client, run.Manager, ids, eachClaimsOnce with { Concurrency = concurrency });
        PrintLoad($"big farm: each of {workers} workers claims once from the {tasks}-task queue ({concurrency} in flight) and completes", r);

        // The same at an offered rate (as busy's paced run): saturated, latency is only in-flight ÷ throughput.
        var rate = options.Double("rate", 2000);
        LoadResult? paced = null;
        if (rate > 0)
        {
            paced = await Load.RunAsync(run.Client, run.Manager, ids, eachClaimsOnce with { PacedCyclesPerSecond = rate });
            PrintLoad($"big farm, paced: each of {workers} workers claims once more, starts spread over {Fmt.F(workers / rate, 1)} s = {Fmt.F(rate, 0)} life cycles/s offered", paced);
        }

        // The last: a filter no task matches (a dashboard polling for failed tasks on a farm with none), which must not
        // cost a walk over every task.
        foreach (var path in new[] { "workers", "tasks?limit=1000", "tasks?status=failed&limit=100" })
        {
            var times = new Latencies();
            long bytes = 0;
            for (var i = 0; i < 3; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                bytes = await run.Client.GetAsync(path);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            output.WriteLine($"GET /{path}: {bytes:N0} bytes, 3 calls: {Latencies.Merge([times]).Summary()}");
        }
        output.WriteLine($"RESULT big: peak RSS {Fmt.MB(run.Manager.PeakRss())} (target < 1 GB), claim p99 {Fmt.F(r.Claim.Percentile(99), 2)} ms at saturation ({concurrency} in flight)"
                         + (paced is null ? "" : $", {Fmt.F(paced.Claim.Percentile(99), 2)} ms at {Fmt.F(rate, 0)} life cycles/s offered ({Fmt.F(paced.CyclesPerSecond, 0)} served)")
                         + " (target < 50 ms)");
        return 0;
    }

    /// <summary>(d) A journal of ~1,000,000 events; the time from process start to GET /readyz 200.</summary>
    private async Task<int> RecoveryAsync()
    {
        var events = options.Int("events", 1_000_000);
        var progress = options.Int("progress-per-task", 7);
        var snapshotEvery = options.Int("snapshot-every", 10_000);
        var dir = options.String("dir") is { } given ? Path.GetFullPath(given) : NewDataDirectory();
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "manager.db");
        try
        {
            if (!File.Exists(db))
            {
                output.WriteLine($"generating a journal of {events:N0} events into {db}: in-process, the manager's own actors and journal, "
                                 + $"{3 + progress} events per task (submit, assign, {progress} × frame progress, complete), "
                                 + $"{options.Int("generator-concurrency", 256)} concurrent simulated workers, dispatcher snapshot every {snapshotEvery:N0} events");
                var g = await JournalGenerator.GenerateAsync(db, events, progress, options.Int("generator-concurrency", 256), snapshotEvery, output);
                output.WriteLine($"generated {g.Events:N0} events ({g.Tasks:N0} tasks) in {Fmt.F(g.Seconds)} s = {Fmt.F(g.Events / g.Seconds, 0)} events/s");
            }
            else output.WriteLine($"reusing the journal in {db}");
            output.WriteLine($"database files: {string.Join(", ", Directory.GetFiles(dir, "manager.*db*").Order().Select(f => $"{Path.GetFileName(f)} {Fmt.MB(new FileInfo(f).Length)}"))}");
            var (end, snapshotAt) = JournalTail.Of(db);
            output.WriteLine(snapshotAt is { } at
                ? $"the dispatcher's journal ends at sequence {end:N0}, its last snapshot is at {at:N0}: each start replays {end - at:N0} events (at most the snapshot interval, tasks ÷ 2 for a large farm)"
                : $"the dispatcher's journal ends at sequence {end:N0} and has no snapshot: each start replays all of it");

            var repeats = options.Int("repeat", 3);
            var times = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var manager = ManagerProcess.Start(_managerDll, db, ManagerArgs(), ManagerEnvironment());
                await using (manager)
                {
                    using var client = new FarmClient(manager.BaseAddress, 8);
                    if (i == 0) output.WriteLine($"manager: {string.Join(' ', manager.CommandLine)}");
                    var ready = await manager.WaitReadyAsync(client.Http, TimeSpan.FromMinutes(5));
                    times.Add(ready.TotalSeconds);
                    var tasks = await client.GetAsync("tasks?limit=1");
                    output.WriteLine($"start {i + 1}: /readyz 200 after {Fmt.F(ready.TotalSeconds, 2)} s; manager CPU {Fmt.F(manager.CpuSeconds(), 2)} s; RSS {Fmt.MB(manager.Rss())}, peak {Fmt.MB(manager.PeakRss())}");
                }
            }
            output.WriteLine($"RESULT recovery: process start → /readyz 200: {string.Join(", ", times.Select(t => Fmt.F(t, 2) + " s"))} (target < 5 s)");
            return 0;
        }
        finally
        {
            if (options.String("dir") is null && !options.Flag("keep")) TryDelete(dir);
        }
    }

    /// <summary>A few seconds end to end (the test suite runs it): every task goes through the whole life cycle.</summary>
    private async Task<int> SmokeAsync()
    {
        var workers = options.Int("workers", 5);
        var tasks = options.Int("tasks", 50);
        await using var run = await StartAsync(connections: workers + 4);
        var ids = await RegisterAsync(run, workers);
        var submit = await Load.ManyAsync(tasks, 4, _ => run.Client.SubmitAsync());
        output.WriteLine($"submitted {tasks} tasks in {Fmt.F(submit.Seconds, 2)} s; latency {submit.Latency.Summary()}");
        await CeilingAsync(run, workers, options.Double("ceiling-seconds", 1));
        var r = await Load.RunAsync(run.Client, run.Manager, ids, new LoadPlan
        {
            TargetCycles = tasks, Rendering = true, ProgressUpdates = 1, LogChunks = 1, LogBytes = 256, IdlePollMs = 20,
        });
        PrintLoad($"smoke: {workers} workers, {tasks} tasks (claim → rendering → progress → output chunk → completed)", r);
        ReportPeak(run.Manager);
        var ok = r.Cycles == tasks;
        output.WriteLine($"RESULT smoke: {r.Cycles}/{tasks} life cycles completed{(ok ? "" : " — INCOMPLETE")}");
        return ok ? 0 : 1;
    }

    // ---------------------------------------------------------------- shared steps

    private sealed class Run(ManagerProcess manager, FarmClient client, string directory, bool keep) : IAsyncDisposable
    {
        public ManagerProcess Manager { get; } = manager;
        public FarmClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Manager.DisposeAsync();
            if (!keep) TryDelete(directory);
        }
    }

    private async Task<Run> StartAsync(int connections)
    {
        var dir = NewDataDirectory();
        var manager = ManagerProcess.Start(_managerDll, Path.Combine(dir, "manager.db"), ManagerArgs(), ManagerEnvironment());
        var client = new FarmClient(manager.BaseAddress, connections);
        var ready = await manager.WaitReadyAsync(client.Http, TimeSpan.FromSeconds(60));
        output.WriteLine($"manager: {string.Join(' ', manager.CommandLine)}");
        output.WriteLine($"manager pid {manager.Pid} ready (/readyz 200) {Fmt.F(ready.TotalSeconds, 2)} s after start; client: SocketsHttpHandler, {connections} connections");
        return new Run(manager, client, dir, options.Flag("keep"));
    }

    /// <summary>
    /// The bench acts as the operator (it submits exec_command tasks, which need one) and as every worker, each with the
    /// token it got when it registered; submissions are not rate-limited (the bench measures the manager, not the limit).
    /// </summary>
    private IEnumerable<string> ManagerArgs()
    {
        yield return $"--Auth:OperatorToken={FarmClient.OperatorToken}";
        yield return "--RateLimit:SubmissionsPerSecond=0";
        if (options.String("manager-args") is { } extra)
            foreach (var a in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return a;
    }

    /// <summary><c>--manager-env "NAME=value NAME2=value"</c>: runtime settings for the manager process only, not the load generator.</summary>
    private IEnumerable<KeyValuePair<string, string>> ManagerEnvironment()
    {
        if (options.String("manager-env") is not { } extra) yield break;
        foreach (var pair in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--manager-env expects NAME=value, got '{pair}'");
            yield return new(pair[..eq], pair[(eq + 1)..]);
        }
    }

    private async Task<List<long>> RegisterAsync(Run run, int workers, int concurrency = 32, string supportedType = "exec_command")
    {
        var cpu = new CpuWindow(run.Manager.Pid);
        var r = await Load.ManyAsync(workers, concurrency, i => run.Client.RegisterAsync($"bench-{i:D5}", supportedType));
        output.WriteLine($"registered {workers} workers in {Fmt.F(r.Seconds, 2)} s = {Fmt.F(workers / r.Seconds, 0)} /s; latency {r.Latency.Summary()}; {CpuWindow.Describe(cpu.Stop())}");
        return r.Results.ToList();
    }

    private async Task<double> CeilingAsync(Run run, int concurrency, double seconds)
    {
        var c = await Load.CeilingAsync(run.Client, run.Manager, concurrency, TimeSpan.FromSeconds(seconds));
        output.WriteLine($"HTTP ceiling (GET /healthz, same client, {concurrency} concurrent, {Fmt.F(seconds)} s): {Fmt.F(c.RequestsPerSecond, 0)} req/s; latency {c.Latency.Summary()}; {CpuWindow.Describe(c.Cpu)}");
        _ceiling = c.RequestsPerSecond;
        return c.RequestsPerSecond;
    }

    private double _ceiling;

    /// <summary>
    /// Submitters keep the queue from running dry: a worker's life cycle is two requests and a submission one, so
    /// at equal latency half as many submitters as workers keep up. (Too few, and the workers' empty claims —
    /// wasted requests — are what gets measured.)
    /// </summary>
    private int Submitters(int workers) => options.Int("submitters", Math.Max(32, workers / 2));

    private LoadPlan Plan(IReadOnlyList<long> ids, double seconds) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        SubmitContinuously = true,
        Backlog = Backlog(ids),
        QueuedAtStart = Backlog(ids), // queued before the first run, and kept that full by every run

        Submitters = Submitters(ids.Count),
        Rendering = options.Flag("rendering"),
        ProgressUpdates = options.Int("progress", 0),
        LogChunks = options.Int("log-chunks", 0),
        LogBytes = options.Int("log-bytes", 1024),
        IdlePollMs = options.Int("idle-poll-ms", 50),
    };

    private int Backlog(IReadOnlyList<long> ids) => options.Int("backlog", Math.Max(2000, 4 * ids.Count));

    private async Task<LoadResult> BusyRunAsync(Run run, IReadOnlyList<long> ids, double seconds, double warmupSeconds)
    {
        var plan = Plan(ids, seconds);
        // Queue a backlog first, so the workers start with work.
        var prefill = await Load.ManyAsync(plan.Backlog, 32, _ => run.Client.SubmitAsync());
        output.WriteLine($"pre-queued {plan.Backlog} tasks in {Fmt.F(prefill.Seconds, 2)} s");
        if (warmupSeconds > 0)
        {
            // The same load, not counted: the first seconds of a fresh process are mostly the JIT (tiered
            // compilation recompiles the hot paths); a manager runs for days, so steady state is what counts.
            // perf showed the tiering thread busy for ~18 s of busy load (half a core at first), so busy warms up 30 s.
            var warm = await Load.RunAsync(run.Client, run.Manager, ids, plan with { Duration = TimeSpan.FromSeconds(warmupSeconds) });
            output.WriteLine($"warm-up (not counted): {Fmt.F(warmupSeconds, 0)} s, {Fmt.F(warm.CyclesPerSecond, 0)} life cycles/s, claim p99 {Fmt.F(warm.Claim.Percentile(99), 1)} ms");
        }
        var r = await Load.RunAsync(run.Client, run.Manager, ids, plan);
        PrintLoad($"busy farm: {ids.Count} workers, {Fmt.F(seconds, 0)} s, zero-length exec_command tasks, {plan.Submitters} submitters keeping {plan.Backlog} queued"
                  + (plan.Rendering ? ", with the rendering PATCH" : "")
                  + (plan.ProgressUpdates > 0 ? $", {plan.ProgressUpdates} progress update(s) per task" : "")
                  + (plan.LogChunks > 0 ? $", {plan.LogChunks} log chunk(s) of {plan.LogBytes} bytes per task" : ""), r);
        if (_ceiling > 0)
            output.WriteLine($"vs HTTP ceiling: the run served {Fmt.F(r.RequestsPerSecond, 0)} req/s = {Fmt.F(100 * r.RequestsPerSecond / _ceiling)} % of the {Fmt.F(_ceiling, 0)} req/s ceiling; "
                             + $"life cycles/s ÷ ceiling = {Fmt.F(r.CyclesPerSecond / _ceiling, 3)}");
        output.WriteLine($"RESULT busy {ids.Count}: {Fmt.F(r.CyclesPerSecond, 0)} life cycles/s (target ≥ 2000), claim p99 {Fmt.F(r.Claim.Percentile(99), 2)} ms (target < 50 ms)");
        return r;
    }

    private void PrintLoad(string title, LoadResult r)
    {
        output.WriteLine(title);
        output.WriteLine($"life cycles: {r.Cycles} in {Fmt.F(r.Seconds, 2)} s = {Fmt.F(r.CyclesPerSecond)} life cycles/s; {r.Submitted} submitted during the run; {r.EmptyClaims} empty claims; {Fmt.F(r.RequestsPerSecond, 0)} HTTP req/s");
        output.WriteLine($"claim latency (task given): {r.Claim.Summary()}");
        if (r.EmptyClaim.Count > 0) output.WriteLine($"claim latency (nothing to do): {r.EmptyClaim.Summary()}");
        output.WriteLine($"life cycle latency (claim → completed answered): {r.Cycle.Summary()}");
        if (r.Submit.Count > 0) output.WriteLine($"submit latency (POST /tasks): {r.Submit.Summary()}");
        output.WriteLine($"CPU: {CpuWindow.Describe(r.Cpu)}; manager CPU per life cycle {Fmt.F(1000 * r.Cpu.ManagerCpu / Math.Max(1, r.Cycles), 3)} ms");
        if (options.Flag("timeline"))
            foreach (var line in r.ClaimTimeline.PerSecond()) output.WriteLine(line);
    }

    private void ReportPeak(ManagerProcess manager) =>
        output.WriteLine($"manager: CPU time since start {Fmt.F(manager.CpuSeconds(), 2)} s; RSS {Fmt.MB(manager.Rss())}; peak RSS (VmHWM) {Fmt.MB(manager.PeakRss())}");

    private static string NewDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "manager-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
