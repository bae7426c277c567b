namespace Manager.Bench.Scenarios;

/// <summary>(d) A journal of ~1,000,000 events; the time from process start to GET /readyz 200.</summary>
public static class RecoveryScenario
{
    public static Scenario Definition { get; } = new("recovery", "(d) a 1,000,000-event journal: process start → GET /readyz 200",
        [
            BenchOption.Integer("events"), BenchOption.Integer("progress-per-task"), BenchOption.Integer("snapshot-every"),
            BenchOption.Integer("generator-concurrency"), BenchOption.Text("dir", "DIR"), BenchOption.Integer("repeat"),
            .. ScenarioContext.ManagerOptions,
        ],
        RunAsync);

    private static async Task<int> RunAsync(ScenarioContext context)
    {
        var options = context.Options;
        var output = context.Output;
        var events = options.Int("events", 1_000_000);
        var progress = options.Int("progress-per-task", 7);
        var snapshotEvery = options.Int("snapshot-every", 10_000);
        var generatorConcurrency = options.Int("generator-concurrency", 256);
        var repeats = options.Int("repeat", 3);
        var given = options.String("dir");
        var keep = options.Flag("keep");
        var dir = given is not null ? Path.GetFullPath(given) : ScenarioContext.NewDataDirectory();
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "manager.db");
        try
        {
            if (!File.Exists(db))
            {
                output.WriteLine($"generating a journal of {events:N0} events into {db}: in-process, the manager's own actors and journal, "
                                 + $"{3 + progress} events per task (submit, assign, {progress} × frame progress, complete), "
                                 + $"{generatorConcurrency} concurrent simulated workers, dispatcher snapshot every {snapshotEvery:N0} events");
                var g = await JournalGenerator.GenerateAsync(db, events, progress, generatorConcurrency, snapshotEvery, output);
                output.WriteLine($"generated {g.Events:N0} events ({g.Tasks:N0} tasks) in {Fmt.F(g.Seconds)} s = {Fmt.F(g.Events / g.Seconds, 0)} events/s");
            }
            else output.WriteLine($"reusing the journal in {db}");
            output.WriteLine($"database files: {string.Join(", ", Directory.GetFiles(dir, "manager.*db*").Order().Select(f => $"{Path.GetFileName(f)} {Fmt.MB(new FileInfo(f).Length)}"))}");
            var (end, snapshotAt) = JournalTail.Of(db);
            output.WriteLine(snapshotAt is { } at
                ? $"the dispatcher's journal ends at sequence {end:N0}, its last snapshot is at {at:N0}: each start replays {end - at:N0} events (at most the snapshot interval, tasks ÷ 2 for a large farm)"
                : $"the dispatcher's journal ends at sequence {end:N0} and has no snapshot: each start replays all of it");

            var times = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var manager = context.NewManager(db).Start();
                await using (manager)
                {
                    using var client = new FarmClient(manager.BaseAddress, 8);
                    if (i == 0) output.WriteLine($"manager: {string.Join(' ', manager.CommandLine)}");
                    var ready = await manager.WaitReadyAsync(TimeSpan.FromMinutes(5), client.Http);
                    times.Add(ready.TotalSeconds);
                    await client.GetAsync("tasks?limit=1");
                    output.WriteLine($"start {i + 1}: /readyz 200 after {Fmt.F(ready.TotalSeconds, 2)} s; manager CPU {Fmt.F(manager.CpuSeconds(), 2)} s; RSS {Fmt.MB(manager.Rss())}, peak {Fmt.MB(manager.PeakRss())}");
                }
            }
            output.WriteLine($"RESULT recovery: process start → /readyz 200: {string.Join(", ", times.Select(t => Fmt.F(t, 2) + " s"))} (target < 5 s)");
            return 0;
        }
        finally
        {
            if (given is null && !keep) ScenarioContext.TryDelete(dir);
        }
    }
}
