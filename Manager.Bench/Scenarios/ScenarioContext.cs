namespace Manager.Bench.Scenarios;

/// <summary>
/// What every scenario is given: its options, where it prints, and the steps the scenarios share (start a manager,
/// register workers, measure the HTTP ceiling, print a load run).
/// </summary>
public sealed class ScenarioContext(BenchOptions options, TextWriter output)
{
    private readonly string _managerDll = ManagerBuild.Find(options.String("manager-dll"));

    public string ManagerDll => _managerDll;

    /// <summary>Every scenario starts a manager, so every scenario reads these.</summary>
    public static IReadOnlyList<BenchOption> ManagerOptions { get; } =
    [
        BenchOption.Text("manager-dll", "PATH"), BenchOption.Text("manager-args", "\"ARGS\""), BenchOption.Text("manager-env", "\"NAME=value ...\""), BenchOption.Flag("keep"),
    ];

    /// <summary>The scenarios that start a <see cref="ManagerCluster"/> read these (see <see cref="ClusterOptions"/>).</summary>
    public static IReadOnlyList<BenchOption> ClusterOptionsDeclared { get; } =
        [BenchOption.Text("postgres", "\"CONNECTION STRING\""), BenchOption.Text("hocon", "FILE")];

    /// <summary>Read by <see cref="PrintLoad"/>: the scenarios that print a load run declare it.</summary>
    public static BenchOption Timeline { get; } = BenchOption.Flag("timeline");

    public BenchOptions Options { get; } = options;
    public TextWriter Output { get; } = output;

    /// <summary>A manager on <paramref name="databasePath"/> (not started yet), with the bench's arguments and environment.</summary>
    public ManagerProcess NewManager(string databasePath) => new(_managerDll, databasePath, ManagerArgs(), ManagerEnvironment());

    /// <summary>A manager on a fresh SQLite file in a new temporary directory, ready (/readyz 200), and a client with <paramref name="connections"/> connections.</summary>
    public async Task<FarmRun> StartAsync(int connections)
    {
        var dir = NewDataDirectory();
        var manager = NewManager(Path.Combine(dir, "manager.db")).Start();
        var client = new FarmClient(manager.BaseAddress, connections);
        var ready = await manager.WaitReadyAsync(TimeSpan.FromSeconds(60), client.Http);
        Output.WriteLine($"manager: {string.Join(' ', manager.CommandLine)}");
        Output.WriteLine($"manager pid {manager.Pid} ready (/readyz 200) {Fmt.F(ready.TotalSeconds, 2)} s after start; client: SocketsHttpHandler, {connections} connections");
        return new FarmRun(manager, client, dir, Options.Flag("keep"));
    }

    /// <summary>
    /// A <see cref="ManagerCluster"/> of three nodes on a fresh PostgreSQL database (<see cref="ClusterOptions"/>), every node ready,
    /// and a client that sends each request to the next node in turn, with <paramref name="connections"/> connections per node.
    /// </summary>
    public async Task<FarmRun> StartClusterAsync(int connections)
    {
        Output.WriteLine("three-node cluster on PostgreSQL:");
        var cluster = await ManagerCluster.StartAsync(ClusterOptions(), Output);
        Output.WriteLine($"client: SocketsHttpHandler, {connections} connections per node, requests to the nodes in turn (round robin per request, no sticky sessions)");
        return new FarmRun(cluster, new FarmClient(cluster.BaseAddresses, connections));
    }

    /// <summary>
    /// The bench acts as the operator (it submits exec_command tasks, which need one) and as every worker, each with the
    /// token it got when it registered; submissions are not rate-limited (the bench measures the manager, not the limit).
    /// </summary>
    public IEnumerable<string> ManagerArgs()
    {
        yield return $"--Auth:OperatorToken={FarmClient.OperatorToken}";
        yield return "--RateLimit:SubmissionsPerSecond=0";
        if (Options.String("manager-args") is { } extra)
            foreach (var a in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return a;
    }

    /// <summary>
    /// How this run starts a cluster: --postgres (else MANAGER_TEST_POSTGRES, else scripts/test.sh's server), --hocon, the
    /// bench's manager arguments and environment, --keep; every node has the bench's operator token (<see cref="FarmClient.OperatorToken"/>).
    /// </summary>
    public ClusterOptions ClusterOptions() => new(
        _managerDll, Bench.ClusterOptions.PostgresFrom(Options.String("postgres")), Options.String("hocon"),
        // The cluster gives every node the tokens and the rate limit itself.
        ManagerArgs().Where(a => !a.StartsWith("--Auth:OperatorToken=", StringComparison.Ordinal) && !a.StartsWith("--RateLimit:", StringComparison.Ordinal)).ToList(),
        ManagerEnvironment().ToList(), Options.Flag("keep"), FarmClient.OperatorToken);

    /// <summary>
    /// The manager's launch profile (<see cref="ManagerLaunchProfile"/>), then <c>--manager-env "NAME=value NAME2=value"</c>
    /// (later wins): runtime settings for the manager process only, not the load generator.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ManagerEnvironment()
    {
        foreach (var variable in ManagerLaunchProfile.Environment(ManagerBuild.RepoRoot())) yield return variable;
        if (Options.String("manager-env") is not { } extra) yield break;
        foreach (var pair in extra.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--manager-env expects NAME=value, got '{pair}'");
            yield return new(pair[..eq], pair[(eq + 1)..]);
        }
    }

    /// <summary>
    /// Registers <paramref name="workers"/> workers (<paramref name="concurrency"/> at once) through the run's client, serving
    /// <paramref name="supportedTypes"/> (default: exec_command); prints how long it took.
    /// </summary>
    public async Task<List<long>> RegisterAsync(FarmRun run, int workers, int concurrency = 32, IReadOnlyList<string>? supportedTypes = null)
    {
        var cpu = new CpuWindow(run.Managers.Select(m => m.Pid).ToList());
        var r = await Load.ManyAsync(workers, concurrency, i => run.Client.RegisterAsync($"bench-{i:D5}", supportedTypes ?? ["exec_command"]));
        Output.WriteLine($"registered {workers} workers in {Fmt.F(r.Seconds, 2)} s = {Fmt.F(workers / r.Seconds, 0)} /s; latency {r.Latency.Summary()}; {CpuWindow.Describe(cpu.Stop())}"
                         + (run.Client.RegistrationsRetried > 0 ? $"; {run.Client.RegistrationsRetried} answered 503 and sent again" : ""));
        return r.Results.ToList();
    }

    /// <summary>The HTTP ceiling: GET /healthz (no actors, no journal) as fast as the same client can; answers req/s.</summary>
    public async Task<double> CeilingAsync(FarmRun run, int concurrency, double seconds) =>
        (await MeasureCeilingAsync(run, concurrency, seconds)).RequestsPerSecond;

    /// <summary><see cref="CeilingAsync"/>, also answering what one GET /healthz cost the machine (manager + load generator CPU, ms).</summary>
    public async Task<(double RequestsPerSecond, double MachineCpuMsPerRequest)> MeasureCeilingAsync(FarmRun run, int concurrency, double seconds)
    {
        var c = await Load.CeilingAsync(run.Client, run.Manager, concurrency, TimeSpan.FromSeconds(seconds));
        Output.WriteLine($"HTTP ceiling (GET /healthz, same client, {concurrency} concurrent, {Fmt.F(seconds)} s): {Fmt.F(c.RequestsPerSecond, 0)} req/s; latency {c.Latency.Summary()}; {CpuWindow.Describe(c.Cpu)}");
        var requests = c.RequestsPerSecond * c.Cpu.Wall;
        return (c.RequestsPerSecond, 1000 * (c.Cpu.ManagerCpu + c.Cpu.BenchCpu) / Math.Max(1, requests));
    }

    public void PrintLoad(string title, LoadResult r)
    {
        Output.WriteLine(title);
        Output.WriteLine($"life cycles: {r.Cycles} in {Fmt.F(r.Seconds, 2)} s = {Fmt.F(r.CyclesPerSecond)} life cycles/s; {r.Submitted} submitted during the run; {r.EmptyClaims} empty claims; {Fmt.F(r.RequestsPerSecond, 0)} HTTP req/s");
        Output.WriteLine($"claim latency (task given): {r.Claim.Summary()}");
        if (r.EmptyClaim.Count > 0) Output.WriteLine($"claim latency (nothing to do): {r.EmptyClaim.Summary()}");
        Output.WriteLine($"life cycle latency (claim → completed answered): {r.Cycle.Summary()}");
        if (r.Submit.Count > 0) Output.WriteLine($"submit latency (POST /tasks): {r.Submit.Summary()}");
        Output.WriteLine($"CPU: {CpuWindow.Describe(r.Cpu)}; manager CPU per life cycle {Fmt.F(1000 * r.Cpu.ManagerCpu / Math.Max(1, r.Cycles), 3)} ms");
        if (Options.Flag("timeline"))
            foreach (var line in r.ClaimTimeline.PerSecond()) Output.WriteLine(line);
    }

    public void ReportPeak(ManagerProcess manager) =>
        Output.WriteLine($"manager: CPU time since start {Fmt.F(manager.CpuSeconds(), 2)} s; RSS {Fmt.MB(manager.Rss())}; peak RSS (VmHWM) {Fmt.MB(manager.PeakRss())}");

    public static string NewDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "manager-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
