using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Manager.Bench;

/// <summary>What one failover run is given.</summary>
/// <param name="Cluster">How the three nodes start (a fresh database of their own per run).</param>
/// <param name="Workers">Simulated workers; each claims again and again through a surviving node.</param>
/// <param name="Tasks">Tasks submitted before the kill (each claim gets one while any is queued).</param>
/// <param name="KillYoungest">Kill the youngest node (no singletons, only shards) instead of the oldest.</param>
public sealed record FailoverOptions(ClusterOptions Cluster, int Workers = 6, int Tasks = 300, bool KillYoungest = false);

/// <summary>One failover: the times after the SIGKILL of the singletons' node.</summary>
/// <param name="FirstClaim">Kill → the first claim (sent after the kill, to a survivor) answered 200.</param>
/// <param name="EveryWorker">Kill → every worker has had a claim answered 200 (workers whose proxy lived on the killed node need their shard moved too).</param>
/// <param name="Milestones">Kill → the first line on a survivor's log of each step (unreachable, downed, removed, singleton started, ...).</param>
/// <param name="Answers">Every claim answer after the kill: (sent, answered, status) on the kill clock; 0 = no HTTP answer.</param>
public sealed record FailoverResult(TimeSpan FirstClaim, TimeSpan EveryWorker, IReadOnlyList<(string Step, TimeSpan At)> Milestones,
    IReadOnlyList<(TimeSpan Sent, TimeSpan Answered, int Status, long Worker)> Answers, string Directory);

/// <summary>
/// Three real manager processes (a <see cref="ManagerCluster"/>: Manager.Http.dll as an operator starts it) on one
/// fresh PostgreSQL database; simulated workers claim through the two younger nodes; the oldest node (which hosts the
/// singletons: dispatcher, registry, settings, tokens, directory, and the shard coordinator) is SIGKILLed, and the time
/// until claims are answered again is measured from the client's side. The survivors' Akka logs give where the time went.
/// Used by the bench scenario <c>failover</c> (several runs) and by Manager.Tests/Cluster/FailoverTests (one run).
/// </summary>
public static class ClusterFailover
{
    private static readonly byte[] Available = """{"status":"available"}"""u8.ToArray();

    /// <summary>Log lines (Akka's and the manager's) that mark each step of a failover, in the order they happen.</summary>
    private static readonly (string Step, Regex Line)[] Steps =
    [
        ("unreachable detected", new(@"Marking node\(s\) as UNREACHABLE", RegexOptions.Compiled)),
        ("downed by the split-brain resolver", new(@"SBR took decision", RegexOptions.Compiled)),
        ("removed from the cluster", new(@"Leader is removing unreachable node|Member removed|is removing unreachable", RegexOptions.Compiled)),
        ("singletons started on the new oldest node", new(@"Singleton manager started singleton actor|starting singleton actor", RegexOptions.Compiled)),
        ("dispatcher recovered", new(@"task dispatcher recovered", RegexOptions.Compiled)),
        ("singleton proxy identified the new dispatcher", new(@"Singleton identified at \[[^\]]*task-dispatcher", RegexOptions.Compiled)),
    ];

    // [INFO][12/01/2026 08:05:02.123Z][Thread 0012][...] — Akka's StandardOutLogger, UTC.
    private static readonly Regex Stamp = new(@"^\[(?:DEBUG|INFO|WARNING|ERROR)\]\[([^\]]+)\]", RegexOptions.Compiled);

    public static async Task<FailoverResult> RunOnceAsync(FailoverOptions options, TextWriter output, CancellationToken cancel = default)
    {
        await using var cluster = await ManagerCluster.StartAsync(options.Cluster, output);
        var nodes = cluster.Nodes;
        var victim = options.KillYoungest ? cluster.Youngest : cluster.Oldest;
        var survivors = nodes.Where(n => n != victim).ToArray();

        using var http = NewClient(cluster.OperatorToken);
        var workers = new List<(long Id, AuthenticationHeaderValue Token)>();
        for (var i = 0; i < options.Workers; i++)
            workers.Add(await RegisterAsync(http, survivors[i % 2].BaseAddress, $"failover-{i:00}"));
        for (var i = 0; i < options.Tasks; i++)
            await SendAsync(http, HttpMethod.Post, new Uri(survivors[i % 2].BaseAddress, "tasks"),
                """{"type":"exec_command","priority":0,"settings":"{\"argv\":[\"true\"]}"}"""u8.ToArray(), null, cancel);

        // Every worker claims through every node once (the paths to the singletons and shards are warm on each node), then
        // through the survivors only: a load balancer stops sending to the killed node at once (its /readyz fails).
        foreach (var node in nodes)
            foreach (var (id, token) in workers)
                (await ClaimAsync(http, node.BaseAddress, id, token, cancel)).EnsureSuccessStatusCode();

        var clock = new Stopwatch();
        var answers = new ConcurrentBag<(TimeSpan Sent, TimeSpan Answered, int Status, long Worker)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var killed = false;
        var loops = workers.Select((w, i) => Task.Run(async () =>
        {
            var target = survivors[i % 2].BaseAddress;
            while (!stop.IsCancellationRequested)
            {
                var sent = clock.Elapsed;
                var counts = Volatile.Read(ref killed);
                var status = 0;
                try
                {
                    using var response = await ClaimAsync(http, target, w.Id, w.Token, stop.Token);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                {
                    // no answer within the client's timeout: try again
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                if (counts) answers.Add((sent, clock.Elapsed, status, w.Id));
                // A worker's poll interval after an answer; a client's retry back-off after a failure.
                try { await Task.Delay(status == 200 ? 200 : 100, stop.Token); } catch (OperationCanceledException) { return; }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2), cancel); // the claim loops are running against a healthy cluster
        var killedAt = DateTime.UtcNow;
        clock.Start();
        victim.Kill(); // SIGKILL: no leaving, no hand-over; returns once the process has exited
        // Only claims sent after the process is gone count: one sent a moment before could still be answered by it.
        Volatile.Write(ref killed, true);
        output.WriteLine($"  {killedAt:HH:mm:ss.fff} UTC: node {(options.KillYoungest ? "c (the youngest: shards only)" : "a (the singletons' node)")} SIGKILLed");

        // Until every worker has had a claim answered, or 90 s.
        var bound = TimeSpan.FromSeconds(90);
        while (clock.Elapsed < bound)
        {
            var served = answers.Where(a => a.Status == 200).Select(a => a.Worker).Distinct().Count();
            if (served == workers.Count) break;
            await Task.Delay(100, cancel);
        }
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var ok = answers.Where(a => a.Status == 200).ToList();
        var firstClaim = ok.Count > 0 ? ok.Min(a => a.Answered) : TimeSpan.MaxValue;
        var everyWorker = ok.Select(a => a.Worker).Distinct().Count() == workers.Count
            ? ok.GroupBy(a => a.Worker).Max(g => g.Min(a => a.Answered))
            : TimeSpan.MaxValue;
        var milestones = Milestones(survivors.Select(s => s.LogPath), killedAt);
        return new FailoverResult(firstClaim, everyWorker, milestones,
            answers.OrderBy(a => a.Sent).ToList(), cluster.Directory);
    }

    /// <summary>How a run reads: the two times, then each step as the survivors' logs show it.</summary>
    public static IEnumerable<string> Describe(FailoverResult r)
    {
        yield return $"first claim answered {Fmt.Seconds(r.FirstClaim)} after the kill; every worker's claim answered after {Fmt.Seconds(r.EveryWorker)}";
        foreach (var (step, at) in r.Milestones) yield return $"    {at.TotalSeconds,6:F2} s  {step}";
        foreach (var worker in r.Answers.GroupBy(a => a.Worker).OrderBy(g => g.Key))
        {
            var first = worker.First();
            var ok = worker.FirstOrDefault(a => a.Status == 200);
            yield return $"    worker {worker.Key}: first claim sent after the kill at {first.Sent.TotalSeconds:F2} s (answered {first.Status} at {first.Answered.TotalSeconds:F2} s)" +
                         (ok.Status == 200 ? $", first 200 sent at {ok.Sent.TotalSeconds:F2} s, answered at {ok.Answered.TotalSeconds:F2} s" : ", no 200");
        }
        var failed = r.Answers.Where(a => a.Status != 200).ToList();
        yield return $"    claims answered after the kill: {r.Answers.Count(a => a.Status == 200)} × 200, " +
                     string.Join(", ", failed.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}"));
    }

    /// <summary>The first line after <paramref name="killedAt"/> on any of the logs matching each step (steps never logged are left out).</summary>
    public static IReadOnlyList<(string Step, TimeSpan At)> Milestones(IEnumerable<string> logs, DateTime killedAt)
    {
        var first = new Dictionary<string, DateTime>();
        foreach (var log in logs)
        {
            if (!File.Exists(log)) continue;
            foreach (var line in ReadShared(log))
            {
                var stamp = Stamp.Match(line);
                if (!stamp.Success || !TryParseStamp(stamp.Groups[1].Value, out var at) || at < killedAt) continue;
                foreach (var (step, regex) in Steps)
                    if (regex.IsMatch(line) && (!first.TryGetValue(step, out var seen) || at < seen)) first[step] = at;
            }
        }
        return Steps.Where(s => first.ContainsKey(s.Step)).Select(s => (s.Step, first[s.Step] - killedAt)).OrderBy(s => s.Item2).ToList();
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line) yield return line;
    }

    private static bool TryParseStamp(string text, out DateTime at) =>
        DateTime.TryParseExact(text, ["MM/dd/yyyy HH:mm:ss.fffK", "yyyy-MM-dd HH:mm:ss.fffK", "MM/dd/yyyy HH:mm:ss.ffffK", "yyyy-MM-ddTHH:mm:ss.fffK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out at);

    private static HttpClient NewClient(string operatorToken)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        // Longer than Manager:AskTimeoutSeconds (15 s): a claim the node holds while the singleton moves is answered, not abandoned.
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        return http;
    }

    private static async Task<(long, AuthenticationHeaderValue)> RegisterAsync(HttpClient http, Uri node, string hostname)
    {
        using var response = await SendAsync(http, HttpMethod.Post, new Uri(node, "workers"),
            Encoding.UTF8.GetBytes($$"""{"hostname":"{{hostname}}","system":"Linux bench","supported_types":["exec_command"]}"""), null, default);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        var entry = doc.RootElement.EnumerateObject().First().Value;
        var token = entry.TryGetProperty("token", out var t) ? new AuthenticationHeaderValue("Bearer", t.GetString()) : http.DefaultRequestHeaders.Authorization!;
        return (entry.GetProperty("id").GetInt64(), token);
    }

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient http, Uri node, long worker, AuthenticationHeaderValue token, CancellationToken cancel) =>
        SendAsync(http, HttpMethod.Patch, new Uri(node, $"workers/{worker}"), Available, token, cancel);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri uri, byte[] body,
        AuthenticationHeaderValue? token, CancellationToken cancel)
    {
        var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null) request.Headers.Authorization = token;
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
        if (method == HttpMethod.Post && !response.IsSuccessStatusCode)
            throw new HttpRequestException($"{method} {uri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
        return response;
    }
}
