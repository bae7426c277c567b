using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>
/// GET /metrics carries the farm's own meters (docs/api.md, "Metrics"): claims by outcome and their latency, refused
/// tokens, log bytes stored, tasks, jobs and workers by status, the journal's write latency — each moved by the requests
/// that should move it.
/// </summary>
[Collection(Name)]
public sealed partial class FarmMetricsTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    /// <summary>
    /// Alone: the exporter takes every meter named Manager.Farm in the process, so the other tests' managers would add to
    /// (and, disposed, take away from) the figures compared here. In production a process runs one manager.
    /// </summary>
    public const string Name = "farm metrics, one manager in the process";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Claims_refused_tokens_log_bytes_and_tasks_by_status_are_counted()
    {
        var client = fixture.Client;
        var before = await Scrape(client);

        var worker = await client.RegisterId(Unique("metrics"));
        var task = (long)(await client.Submit())["id"]!;
        Assert.Equal(task, await client.Poll(worker));
        var assignment = (long)(await client.GetTask(task))["assignment"]!;
        const string chunk = "Fra:1 Mem:9M | Sample 1/4\n";
        await client.PatchTask(task, $$"""{"worker_id":{{worker}},"assignment":{{assignment}},"log_seq":1,"log":"{{chunk.Replace("\n", "\\n")}}","status":"completed"}""");
        Assert.Null(await client.Poll(worker)); // nothing queued any more: a claim without a task
        using (var stranger = new HttpClient { BaseAddress = client.BaseAddress })
        {
            stranger.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer not-a-token");
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/tasks")).StatusCode);
        }

        string after = "";
        await Wait.Until(async () =>
        {
            after = await Scrape(client);
            return Value(after, "manager_tasks", "status=\"completed\"") >= 1;
        }, Bound, "GET /metrics shows the completed task");

        Assert.True(Value(after, "manager_claims_total", "outcome=\"task\"") >= Value(before, "manager_claims_total", "outcome=\"task\"") + 1, after);
        Assert.True(Value(after, "manager_claims_total", "outcome=\"none\"") >= Value(before, "manager_claims_total", "outcome=\"none\"") + 1, after);
        Assert.True(Value(after, "manager_claim_duration_seconds_count", "outcome=\"task\"") >= 1, after);
        Assert.True(Value(after, "manager_claims_total", "answered_by=\"dispatcher\"") >= 2, after); // an operator's polls: never the node's
        Assert.True(Value(after, "manager_authentication_failures_total") >= Value(before, "manager_authentication_failures_total") + 1, after);
        Assert.True(Value(after, "manager_log_stored_bytes_total") >= Value(before, "manager_log_stored_bytes_total") + chunk.Length, after);
        Assert.True(Value(after, "manager_jobs", "status=\"queued\"") >= 0 && after.Contains("manager_jobs{"), after);
    }

    [Fact]
    public async Task Workers_by_connection_and_switch_are_shown_from_the_directory_batches()
    {
        var client = fixture.Client;
        var worker = await client.RegisterId(Unique("metrics-workers"));
        string text = "";
        await Wait.Until(async () => Value(text = await Scrape(client), "manager_workers", Workers("online", "enabled")) >= 1,
            Bound, "GET /metrics shows the registered worker online and enabled");
        var disabledBefore = Value(text, "manager_workers", Workers("online", "disabled"));

        Assert.Null(await client.Poll(worker, "disabled"));

        await Wait.Until(async () => Value(text = await Scrape(client), "manager_workers", Workers("online", "disabled")) >= disabledBefore + 1,
            Bound, "GET /metrics shows the disabled worker");
        Assert.Matches("manager_workers\\{[^}]*connection=\"offline\",status=\"enabled\"", text); // every combination, zeros too
    }

    [Fact]
    public async Task Journal_write_latency_is_recorded_for_the_dispatcher_and_the_workers()
    {
        var client = fixture.Client;
        var before = await Scrape(client);

        await client.RegisterId(Unique("metrics-journal"));
        await client.Submit();

        string[] actors = ["task-dispatcher", "worker", "worker-registry"];
        string after = "";
        // The exporter may answer from its copy of the last scrape for a moment: await the new figures.
        await Wait.Until(async () =>
        {
            after = await Scrape(client);
            return actors.All(a => Value(after, "manager_journal_write_duration_seconds_count", Actor(a))
                                   >= Value(before, "manager_journal_write_duration_seconds_count", Actor(a)) + 1);
        }, Bound, "GET /metrics counts the writes of the dispatcher, the worker and the registry");
        Assert.All(actors, a => Assert.True(Value(after, "manager_journal_write_duration_seconds_sum", Actor(a)) > 0, after));
        Assert.Matches("manager_journal_write_duration_seconds_bucket\\{[^}]*actor=\"task-dispatcher\"[^}]*le=\"0.0005\"", after);
    }

    [Fact]
    public async Task The_runtime_s_garbage_collections_and_their_pause_time_are_shown()
    {
        var client = fixture.Client;
        GC.Collect(); // the test runs in the manager's process: at least one collection, with a pause, is on record
        string text = "";
        await Wait.Until(async () => Value(text = await Scrape(client), "dotnet_gc_collections_total") >= 1, Bound,
            "GET /metrics shows the runtime's collections");
        Assert.True(Value(text, "dotnet_gc_pause_time_seconds_total") > 0, text);
        Assert.True(Value(text, "dotnet_gc_heap_total_allocated_bytes_total") > 0, text);
    }

    private static string Actor(string actor) => $"actor=\"{actor}\"";

    private static string Workers(string connection, string status) => $"connection=\"{connection}\",status=\"{status}\"";

    [Fact]
    public async Task Metrics_need_an_operator_token()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    private static async Task<string> Scrape(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/> (0 when none).</summary>
    private static double Value(string text, string name, string? label = null) =>
        Sample().Matches(text)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

[CollectionDefinition(FarmMetricsTests.Name, DisableParallelization = true)]
public sealed class FarmMetricsCollection;

