using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using Xunit.Abstractions;

namespace Manager.Tests.Faults;

/// <summary>
/// The manager as a real process on a real SQLite file, SIGKILLed at random moments while 20 simulated workers
/// render 500 tasks. The workers' own records must show every task completed exactly once, never held by two
/// workers at a time, and the journal must replay to the same state.
/// </summary>
public class CrashTests(ITestOutputHelper output)
{
    private const int Tasks = 500;
    private const int Workers = 20;
    private const int Kills = 3;
    private static readonly TimeSpan WorkBound = TimeSpan.FromSeconds(150); // generous for a loaded machine; ~20 s on an idle one

    private sealed record Hold(long Task, long Worker, long Assignment, long ClaimedAt, long FinishedAt, HttpStatusCode Finish);

    private sealed class Records
    {
        public readonly ConcurrentBag<Hold> Holds = new();
        public readonly ConcurrentDictionary<long, long> CompletedBy = new();
        public readonly ConcurrentDictionary<long, int> AcceptedCompletions = new();
        public int ConnectionErrors;
        public int ServerErrors;
        public int Conflicts;
        public readonly ConcurrentQueue<string> ServerErrorTexts = new();
    }

    [Fact]
    public async Task Killing_the_manager_at_random_moments_loses_no_task_and_never_completes_one_twice()
    {
        using var dir = new TempDirectory("manager-crash");
        // The manager built next to these tests, as its own OS process on a real SQLite file; `using` ends it with SIGKILL.
        using var manager = ManagerProcesses.OnSqlite(dir.Path);
        var total = Stopwatch.StartNew();
        var firstStart = await manager.StartAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"manager process ready in {firstStart.TotalMilliseconds:F0} ms on port {manager.Port}");

        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(5) };
        using var http = new HttpClient(handler) { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }.Authorize(TestTokens.Operator);

        // 500 tasks, submitted before the first kill (a lost POST answer could not be retried without a task_id).
        var ids = new ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var response = await http.PostJson("/tasks", $$"""{"type":"blender_render","priority":{{i % 3}},"settings":{{Json.BlenderSettings(1, 1 + i % 5)}}}""");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((long)(await response.ReadJson())["id"]!);
        });
        Assert.Equal(Tasks, ids.Distinct().Count());

        var records = new Records();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(WorkBound);
        var workers = Enumerable.Range(1, Workers).Select(n => Task.Run(() => RunWorker(n, http, records, clock, stop.Token))).ToList();

        // Kill the manager at random moments while work remains, and start it again on the same file.
        var random = new Random();
        var restarts = new List<TimeSpan>();
        var completedAtKill = new List<int>();
        for (var k = 0; k < Kills; k++)
        {
            // A random moment: after a random number (10-60) of further completions, so the work is under way but not done.
            var target = records.CompletedBy.Count + random.Next(10, 60);
            await Wait.Until(() => Task.FromResult(records.CompletedBy.Count >= target), TimeSpan.FromSeconds(60), $"{target} completions before kill {k + 1}");
            await Task.Delay(random.Next(0, 50)); // and a random offset into whatever requests are in flight
            completedAtKill.Add(records.CompletedBy.Count);
            manager.Kill();
            restarts.Add(await manager.StartAsync(TimeSpan.FromSeconds(30)));
        }

        await Task.WhenAll(workers);
        var workTime = clock.Elapsed;
        output.WriteLine($"kills at {string.Join(", ", completedAtKill)} completed tasks; restarts took {string.Join(", ", restarts.Select(r => $"{r.TotalMilliseconds:F0} ms"))}");
        output.WriteLine($"work phase {workTime.TotalSeconds:F1} s; holds {records.Holds.Count}; connection errors {records.ConnectionErrors}; 409s {records.Conflicts}; 5xx {records.ServerErrors}");
        Assert.All(completedAtKill, n => Assert.True(n < Tasks, "a kill came after all the work was done"));

        // Every task ends completed (per the manager) and no id was reused.
        var pages = await AllTasks(http);
        var final = pages.SelectMany(p => JsonNode.Parse(p)!.AsArray()).ToList();
        var finalIds = final.Select(t => (long)t!["id"]!).ToList();
        Assert.Equal(ids.Order(), finalIds);
        Assert.Equal(finalIds.Distinct().Count(), finalIds.Count);
        Assert.All(final, t => Assert.Equal("completed", (string)t!["status"]!));

        // Per the workers' own records: each task's completion was accepted exactly once, by the worker the manager names.
        Assert.Equal(Tasks, records.AcceptedCompletions.Count);
        Assert.All(records.AcceptedCompletions, kv => Assert.Equal(1, kv.Value));
        foreach (var t in final)
            Assert.Equal(records.CompletedBy[(long)t!["id"]!], (long)t["worker_id"]!);

        // No task was held by two workers at the same time.
        foreach (var group in records.Holds.GroupBy(h => h.Task))
        {
            var holds = group.OrderBy(h => h.ClaimedAt).ToList();
            for (var i = 1; i < holds.Count; i++)
                Assert.True(holds[i - 1].FinishedAt <= holds[i].ClaimedAt,
                    $"task {group.Key} held by worker {holds[i - 1].Worker} and worker {holds[i].Worker} at once");
            Assert.Equal(1, holds.Count(h => h.Finish == HttpStatusCode.NoContent));
        }
        foreach (var text in records.ServerErrorTexts) output.WriteLine($"5xx while the manager was starting or loaded: {text}");

        // A new task gets a fresh id, larger than any before (ids are not reused after the crashes).
        var fresh = await http.PostJson("/tasks", $$"""{"type":"blender_render","settings":{{Json.BlenderSettings()}}}""");
        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.True((long)(await fresh.ReadJson())["id"]! > finalIds.Max());

        // The journal replays to the same state.
        var before = await AllTasks(http);
        manager.Kill();
        await manager.StartAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(before, await AllTasks(http));
        output.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task RunWorker(int n, HttpClient http, Records records, Stopwatch clock, CancellationToken stop)
    {
        var random = new Random(n * 7919);
        var hostname = $"sim-{n:D2}";
        var registered = await Call(http, HttpMethod.Post, "/workers", $$"""{"hostname":"{{hostname}}","system":"Linux 6.1.0"}""", records, stop);
        Assert.True(registered.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"{hostname}: {registered.Status}");
        var id = (long)registered.Body![hostname]!["id"]!;

        for (var round = 0; round < 5_000 && !stop.IsCancellationRequested; round++)
        {
            if (records.CompletedBy.Count >= Tasks) return;
            var claim = await Call(http, HttpMethod.Patch, $"/workers/{id}", """{"status":"available"}""", records, stop);
            if (claim.Status != HttpStatusCode.OK) throw new InvalidOperationException($"{hostname} claim: {claim.Status}");
            if ((long?)claim.Body!["task_id"] is not { } task)
            {
                await Task.Delay(random.Next(10, 40), stop); // idle poll interval of a worker
                continue;
            }
            var claimedAt = clock.ElapsedTicks;
            var view = await Call(http, HttpMethod.Get, $"/tasks/{task}", null, records, stop);
            var assignment = (long)view.Body!["assignment"]!;

            var finish = await Call(http, HttpMethod.Patch, $"/tasks/{task}",
                $$"""{"worker_id":{{id}},"assignment":{{assignment}},"status":"rendering","log":"Fra:1 Mem:12M | Rendering\n"}""", records, stop);
            if (finish.Status == HttpStatusCode.NoContent)
            {
                await Task.Delay(random.Next(5, 120), stop); // the render itself
                finish = await Call(http, HttpMethod.Patch, $"/tasks/{task}",
                    $$"""{"worker_id":{{id}},"assignment":{{assignment}},"status":"completed","time_cost":0.1}""", records, stop);
            }
            records.Holds.Add(new Hold(task, id, assignment, claimedAt, clock.ElapsedTicks, finish.Status));
            if (finish.Status == HttpStatusCode.NoContent)
            {
                records.AcceptedCompletions.AddOrUpdate(task, 1, (_, c) => c + 1);
                records.CompletedBy[task] = id;
            }
            else if (finish.Status == HttpStatusCode.Conflict)
            {
                Interlocked.Increment(ref records.Conflicts); // the worker drops the task
            }
            else
            {
                throw new InvalidOperationException($"{hostname} task {task}: {finish.Status}");
            }
        }
    }

    /// <summary>One request, retried on connection errors (the manager is down) and 5xx with a small bounded backoff.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode? Body)> Call(HttpClient http, HttpMethod method, string path, string? json, Records records, CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(20);
        for (var attempt = 0; attempt < 400; attempt++)
        {
            stop.ThrowIfCancellationRequested();
            try
            {
                using var request = new HttpRequestMessage(method, path);
                if (json is not null) request.Content = Json.Body(json);
                using var response = await http.SendAsync(request, stop);
                var text = await response.Content.ReadAsStringAsync(stop);
                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref records.ServerErrors);
                    if (records.ServerErrorTexts.Count < 5) records.ServerErrorTexts.Enqueue($"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }
                else
                {
                    var body = response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) : null;
                    return (response.StatusCode, body);
                }
            }
            catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref records.ConnectionErrors);
            }
            await Task.Delay(backoff, stop);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 250));
        }
        throw new TimeoutException($"{method} {path}: no answer after 400 attempts");
    }

    private static async Task<List<string>> AllTasks(HttpClient http)
    {
        var pages = new List<string>();
        long after = 0;
        for (var page = 0; page < 100; page++)
        {
            var response = await http.GetAsync($"/tasks?limit=1000&after={after}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var items = JsonNode.Parse(text)!.AsArray();
            if (items.Count == 0) return pages;
            pages.Add(text);
            after = (long)items[^1]!["id"]!;
        }
        throw new InvalidOperationException("more than 100 pages");
    }
}
