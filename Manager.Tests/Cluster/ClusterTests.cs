using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Cluster;
using Manager.Actors.Settings;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Manager.Tests.Cluster;

/// <summary>
/// Three managers in one process on loopback ports, one fresh PostgreSQL database, a workload through all three
/// nodes' HTTP endpoints; then one node crashes (its ActorSystem aborted) and afterwards the singletons' node leaves gracefully.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    /// <summary>Failure detection + split-brain decision + singleton restart/recovery must fit in this, even on 2 cores.</summary>
    private static readonly TimeSpan CrashHandOverBound = TimeSpan.FromSeconds(25);

    /// <summary>Leaving (singleton hand-over, shard hand-off) plus the new singleton answering.</summary>
    private static readonly TimeSpan GracefulHandOverBound = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan PhaseBound = TimeSpan.FromSeconds(30);

    // Short failure detection and split-brain decision so the whole test stays well under a minute.
    private const string TestHocon = """
        akka {
          loglevel = WARNING
          cluster {
            gossip-interval = 300ms
            leader-actions-interval = 300ms
            unreachable-nodes-reaper-interval = 300ms
            failure-detector {
              heartbeat-interval = 300ms
              acceptable-heartbeat-pause = 2s
            }
            split-brain-resolver.stable-after = 2s
            sharding.retry-interval = 300ms
            singleton.hand-over-retry-interval = 300ms
            singleton-proxy.singleton-identification-interval = 300ms
          }
        }
        """;

    /// <summary>The worker-only node crashes (its shards move; a silent worker's task is requeued only if its proxy is woken on
    /// the new node), then the singletons' node leaves gracefully (the singletons are handed over).</summary>
    [PostgresFact]
    public Task Crash_of_a_node_without_singletons_then_graceful_leave_of_the_singletons_node() => Scenario(crashSingletonsNode: false);

    /// <summary>The singletons' node crashes (the singletons restart on the next oldest node from the journal), then that node
    /// leaves gracefully.</summary>
    [PostgresFact]
    public Task Crash_of_the_singletons_node_then_graceful_leave_of_the_next_one() => Scenario(crashSingletonsNode: true);

    private async Task Scenario(bool crashSingletonsNode)
    {
        var total = Stopwatch.StartNew();
        using var dir = new TempDirectory();
        var hocon = Path.Combine(dir.Path, "test.hocon");
        await File.WriteAllTextAsync(hocon, TestHocon);
        await using var db = await TestDatabase.CreateAsync();

        // Ascending ports, started in order: node a (lowest address, the seed) is the oldest and hosts the singletons.
        var ports = Enumerable.Range(0, 3).Select(_ => ClusterNode.FreePort()).Distinct().Order().ToArray();
        Assert.Equal(3, ports.Length);
        var seed = $"akka.tcp://manager@127.0.0.1:{ports[0]}";
        var nodes = new List<ClusterNode>();
        try
        {
            foreach (var (name, port) in new[] { "a", "b", "c" }.Zip(ports))
                nodes.Add(await ClusterNode.StartAsync(name, port, seed, db.ConnectionString, hocon));
            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            output.WriteLine($"three nodes up after {total.Elapsed.TotalSeconds:F1} s");
            await Wait.Until(() => nodes.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3),
                TimeSpan.FromSeconds(20), "every node sees three members up");
            Assert.Equal(a.Address, Oldest(b).ToString());

            // Settings changed through nodes that do not host the settings singleton reach every node.
            var patched = await c.Client.PatchJson("/settings/default_priority", """{"value":7}""");
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            await Wait.Until(() => nodes.All(n => n.Services.GetRequiredService<CurrentSettings>().Value.DefaultPriority == 7),
                TimeSpan.FromSeconds(10), "default_priority 7 on every node");
            var posted = await b.Client.PostJson("/settings", """{"blender_path":{"Linux":"/opt/blender/blender"}}""");
            Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
            await Wait.Until(() => nodes.All(n => n.Services.GetRequiredService<CurrentSettings>().Value.BlenderPath.GetValueOrDefault("Linux") == "/opt/blender/blender"),
                TimeSpan.FromSeconds(10), "blender_path on every node");

            var farm = new ClusterWorkload(output) { Live = [a, b, c] };
            for (var i = 0; i < 4; i++) await farm.RegisterWorker($"render-{i:00}", nodes[i % 3]);

            // A worker whose proxy lives on the node that will crash takes task 1 and then falls silent for good. Only a
            // wake-up after the crash restarts that proxy on another node, where it notices the silence and requeues task 1.
            var crashed = crashSingletonsNode ? a : c;
            var silent = await RegisterWorkerHostedOn(crashed);
            await farm.Submit(1, 1);
            var silentClaim = await b.Client.PatchJson($"/workers/{silent}", """{"status":"available"}""");
            Assert.Equal(1, (long?)(await silentClaim.ReadJson())["task_id"]);
            farm.StartWorkers();

            // Phase 1: every node serves submissions and the workers' requests.
            await farm.Submit(2, 12);
            await farm.UntilCompleted(11, PhaseBound);
            var queried = await b.Client.GetAsync($"/workers/{farm.WorkerIds[0]}");
            Assert.Equal(HttpStatusCode.OK, queried.StatusCode);
            var listed = await c.Client.GetAsync("/workers");
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.True((await listed.ReadJson()).AsObject().Count >= 5);
            output.WriteLine($"phase 1 (11 tasks over three nodes) done after {total.Elapsed.TotalSeconds:F1} s");

            // Phase 2: a node crashes; a load balancer stops sending to it (its /readyz fails). Just before, the worker
            // timeout drops to 4 s and the silent worker is heard one last time (it still holds task 1).
            var timeout = await c.Client.PatchJson("/settings/worker_timeout_seconds", """{"value":4}""");
            Assert.Equal(HttpStatusCode.OK, timeout.StatusCode);
            await Wait.Until(() => nodes.All(n => n.Services.GetRequiredService<CurrentSettings>().Value.WorkerTimeoutSeconds == 4),
                TimeSpan.FromSeconds(10), "worker_timeout_seconds 4 on every node");
            var lastWord = await b.Client.PatchJson($"/workers/{silent}", """{"status":"rendering"}""");
            Assert.Equal(1, (long?)(await lastWord.ReadJson())["task_id"]);
            var survivors = nodes.Where(n => n != crashed).ToArray();
            farm.Live = survivors;
            var crash = Stopwatch.StartNew();
            crashed.Abort();
            var dispatcherBack = await UntilOk(survivors[0], "/tasks?limit=1", CrashHandOverBound, crash);
            var registered = await farm.RegisterWorker("render-late", survivors[1]);
            var registryBack = crash.Elapsed;
            var proxiesBack = await UntilAllOk(survivors[1], farm.WorkerIds.Select(id => $"/workers/{id}"), CrashHandOverBound, crash);
            output.WriteLine($"crash of node {crashed.Name}{(crashSingletonsNode ? " (the singletons' node)" : "")}: dispatcher answers after " +
                             $"{dispatcherBack.TotalSeconds:F1} s, registry after {registryBack.TotalSeconds:F1} s, every worker proxy after {proxiesBack.TotalSeconds:F1} s");
            Assert.True(dispatcherBack < CrashHandOverBound, $"dispatcher hand-over after a crash took {dispatcherBack}");
            Assert.True(registered > 0);
            Assert.Equal(7, (int)(await (await survivors[1].Client.GetAsync("/settings/default_priority")).ReadJson())["value"]!);
            await farm.Submit(13, 24);
            await farm.UntilCompleted(24, CrashHandOverBound + PhaseBound);
            var requeued = await (await survivors[0].Client.GetAsync("/tasks/1")).ReadJson();
            Assert.True((int)requeued["attempts"]! >= 2, $"task 1 was not requeued from the silent worker: {requeued}");
            Assert.NotEqual(silent, (long)requeued["worker_id"]!);
            output.WriteLine($"phase 2 done (task 1 requeued from the silent worker and completed) {crash.Elapsed.TotalSeconds:F1} s after the crash");

            // Nothing asked for the silent worker after the crash (a request would have started its proxy): the wake-up
            // after the member removal restarted it, and it found the worker silent.
            // GET /workers shows it a moment after the loss (the proxies' notices reach the directory in batches).
            await Wait.Until(async () =>
            {
                var all = (await (await survivors[0].Client.GetAsync("/workers")).ReadJson()).AsObject();
                return (string?)all.Single(w => (long)w.Value!["id"]! == silent).Value!["connection"] == "offline";
            }, TimeSpan.FromSeconds(5), "GET /workers shows the silent worker offline");

            // Phase 3: the node that now hosts the singletons leaves gracefully; the last node carries on alone.
            await Wait.Until(() => Akka.Cluster.Cluster.Get(survivors[0].System).State.Members.Count == 2, TimeSpan.FromSeconds(10), "the crashed node removed");
            var oldest = Oldest(survivors[0]).ToString();
            var leaving = survivors.Single(n => n.Address == oldest);
            var staying = survivors.Single(n => n != leaving);
            farm.Live = [staying];
            var leave = Stopwatch.StartNew();
            await leaving.DisposeAsync();
            var stopped = leave.Elapsed;
            var dispatcherMoved = await UntilOk(staying, "/tasks?limit=1", GracefulHandOverBound, leave);
            var proxiesMoved = await UntilAllOk(staying, farm.WorkerIds.Select(id => $"/workers/{id}"), GracefulHandOverBound, leave);
            output.WriteLine($"graceful leave of the singletons' node {leaving.Name}: stopped in {stopped.TotalSeconds:F1} s, " +
                             $"dispatcher answers on {staying.Name} after {dispatcherMoved.TotalSeconds:F1} s, every worker proxy after {proxiesMoved.TotalSeconds:F1} s");
            Assert.True(dispatcherMoved < GracefulHandOverBound, $"dispatcher hand-over after a graceful leave took {dispatcherMoved}");
            await farm.Submit(25, 36);
            await farm.UntilCompleted(36, PhaseBound);
            await farm.StopWorkers();

            // Nothing lost, nothing doubled: 36 tasks, each completed once, by the one worker that got 204 for it.
            var tasks = (await (await staying.Client.GetAsync("/tasks?limit=1000")).ReadJson()).AsArray();
            Assert.Equal(Enumerable.Range(1, 36).Select(i => (long)i), tasks.Select(t => (long)t!["id"]!));
            foreach (var task in tasks)
            {
                var id = (long)task!["id"]!;
                Assert.Equal("completed", (string)task["status"]!);
                Assert.Equal(7, (long)task["priority"]!);
                var completers = farm.CompletedBy[id].Distinct().ToList();
                Assert.True(completers.Count == 1, $"task {id} was completed by workers {string.Join(", ", completers)}");
                Assert.Equal(completers[0], (long)task["worker_id"]!);
            }
            output.WriteLine($"retried requests during the moves: {farm.Retries}; refused (409) completions: {farm.Conflicts}; " +
                             $"whole test {total.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_node_that_has_not_joined_a_cluster_is_not_ready()
    {
        using var dir = new TempDirectory();
        var hocon = Path.Combine(dir.Path, "test.hocon");
        await File.WriteAllTextAsync(hocon, TestHocon);
        await using var db = await TestDatabase.CreateAsync();
        var port = ClusterNode.FreePort();
        // The only seed is a port nobody listens on, so this node can never become Up.
        await using var node = await ClusterNode.StartAsync("lonely", port, $"akka.tcp://manager@127.0.0.1:{ClusterNode.FreePort()}",
            db.ConnectionString, hocon, waitUntilReady: false);

        var ready = await node.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.NotEqual(MemberStatus.Up, Akka.Cluster.Cluster.Get(node.System).SelfMember.Status);
        var live = await node.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    /// <summary>Registers spare workers through <paramref name="node"/> until one's proxy lives on that node; returns its id.</summary>
    private static async Task<long> RegisterWorkerHostedOn(ClusterNode node)
    {
        for (var i = 0; i < 30; i++)
        {
            var response = await node.Client.PostJson("/workers", $$"""{"hostname":"spare-{{i:00}}","system":"Linux 6.1.0"}""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (long)(await response.ReadJson())[$"spare-{i:00}"]!["id"]!;
            if (await node.HostsProxyOf(id)) return id;
        }
        throw new InvalidOperationException($"none of 30 workers got a proxy on node {node.Name}");
    }

    private static Akka.Actor.Address Oldest(ClusterNode node) =>
        Akka.Cluster.Cluster.Get(node.System).State.Members.Where(m => m.Status == MemberStatus.Up)
            .OrderBy(m => m, Member.AgeOrdering).First().Address;

    /// <summary>Polls a route until it answers 200; returns the time on <paramref name="clock"/> when it did.</summary>
    private static async Task<TimeSpan> UntilOk(ClusterNode node, string path, TimeSpan bound, Stopwatch clock)
    {
        await Wait.Until(async () =>
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(8));
                var response = await node.Client.GetAsync(path, cts.Token);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // the node is still moving things; ask again
            }
        }, bound - clock.Elapsed, $"{node.Name}{path} answers 200", every: TimeSpan.FromMilliseconds(100)); // retry back-off
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> UntilAllOk(ClusterNode node, IEnumerable<string> paths, TimeSpan bound, Stopwatch clock)
    {
        var last = TimeSpan.Zero;
        foreach (var path in paths) last = await UntilOk(node, path, bound, clock);
        return last;
    }

    /// <summary>Simulated workers that poll for work and complete it at once, through whichever nodes are live.</summary>
    private sealed class ClusterWorkload(ITestOutputHelper output)
    {
        /// <summary>A request is retried on the live nodes for at most this long (longer than any move may take).</summary>
        private static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(45);

        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops = [];
        private int _next;
        private int _retries;
        private int _conflicts;

        public volatile ClusterNode[] Live = [];

        public List<long> WorkerIds { get; } = [];

        public ConcurrentDictionary<long, ConcurrentBag<long>> CompletedBy { get; } = new();

        public int Retries => _retries;

        public int Conflicts => _conflicts;

        public async Task<long> RegisterWorker(string hostname, ClusterNode node)
        {
            var response = await Send(() => node, client => client.PostJson("/workers", $$"""{"hostname":"{{hostname}}","system":"Linux 6.1.0"}"""),
                status => status is HttpStatusCode.Created or HttpStatusCode.OK);
            var id = (long)(await response.ReadJson())[hostname]!["id"]!;
            lock (WorkerIds) WorkerIds.Add(id);
            if (_loops.Count > 0) _loops.Add(Task.Run(() => Work(id)));
            return id;
        }

        public void StartWorkers()
        {
            foreach (var id in WorkerIds.ToList()) _loops.Add(Task.Run(() => Work(id)));
        }

        public async Task StopWorkers()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
        }

        /// <summary>Submits with submitter-chosen ids, so a retried POST never creates a second task.</summary>
        public async Task Submit(int first, int last)
        {
            for (var id = first; id <= last; id++)
            {
                var taskId = id;
                await Send(Pick, client => client.PostJson("/tasks",
                    $$"""{"task_id":{{taskId}},"type":"blender_render","settings":{{Json.BlenderSettings()}}}"""),
                    status => status == HttpStatusCode.Accepted);
            }
        }

        public Task UntilCompleted(int count, TimeSpan bound) =>
            Wait.Until(() => CompletedBy.Count >= count, bound, $"{count} tasks completed", () => $"{CompletedBy.Count} completed", TimeSpan.FromMilliseconds(50));

        private ClusterNode Pick()
        {
            var live = Live;
            return live[(int)((uint)Interlocked.Increment(ref _next) % live.Length)];
        }

        private async Task Work(long workerId)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var claim = await Send(Pick, client => client.PatchJson($"/workers/{workerId}", """{"status":"available"}"""),
                        status => status == HttpStatusCode.OK);
                    if ((long?)(await claim.ReadJson())["task_id"] is not { } taskId)
                    {
                        await Task.Delay(50, _stop.Token); // a real worker's poll interval
                        continue;
                    }
                    var done = await Send(Pick, client => client.PatchJson($"/tasks/{taskId}", $$"""{"status":"completed","worker_id":{{workerId}}}"""),
                        status => status is HttpStatusCode.NoContent or HttpStatusCode.Conflict);
                    if (done.StatusCode == HttpStatusCode.NoContent) CompletedBy.GetOrAdd(taskId, _ => []).Add(workerId);
                    else Interlocked.Increment(ref _conflicts);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        /// <summary>Sends until one of the expected answers comes back; a 503, a timeout or a refused connection is retried on the next live node.</summary>
        private async Task<HttpResponseMessage> Send(Func<ClusterNode> node, Func<HttpClient, Task<HttpResponseMessage>> request, Func<HttpStatusCode, bool> expected)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                _stop.Token.ThrowIfCancellationRequested();
                if (clock.Elapsed > RequestBound) throw new TimeoutException($"no expected answer within {RequestBound} (retried {_retries} times in all)");
                var target = node();
                try
                {
                    var response = await request(target.Client).WaitAsync(TimeSpan.FromSeconds(8), _stop.Token);
                    if (expected(response.StatusCode)) return response;
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        throw new InvalidOperationException($"{target.Name}: unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                // ObjectDisposedException: the request went to the node the test just stopped (its client is disposed).
                catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException or ObjectDisposedException
                                          && !_stop.IsCancellationRequested)
                {
                    output.WriteLine($"retrying after {e.GetType().Name} from {target.Name}");
                }
                Interlocked.Increment(ref _retries);
                await Task.Delay(100, _stop.Token); // a client's retry back-off
            }
        }
    }
}
