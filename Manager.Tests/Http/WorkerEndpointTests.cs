using System.Net;
using System.Text.Json.Nodes;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>The success paths of the worker endpoints on one shared Manager (unique hostnames and tags per test).</summary>
public class WorkerEndpointTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Post_workers_answers_201_then_200_with_the_same_worker()
    {
        var hostname = Unique("render");
        var first = await Client.Register(hostname, expected: HttpStatusCode.Created);
        var again = await Client.Register(hostname, expected: HttpStatusCode.OK);

        Assert.Equal((long)first["id"]!, (long)again["id"]!);
        var workers = await Client.GetObject("/workers");
        Assert.Single(workers, kv => kv.Key == hostname);
    }

    [Fact]
    public async Task Re_registering_with_another_letter_case_is_the_same_worker()
    {
        var hostname = Unique("case");
        var first = await Client.Register(hostname);
        var answer = (JsonObject)await (await Client.PostJson("/workers",
            $$"""{"hostname":"{{hostname.ToUpperInvariant()}}","system":"Linux 6.1.0","port":5000}""")).ExpectJson(HttpStatusCode.OK);
        Assert.Equal((long)first["id"]!, (long)Assert.Single(answer).Value!["id"]!);
    }

    [Fact]
    public async Task Get_workers_is_keyed_by_hostname_with_every_part_A_field()
    {
        var hostname = Unique("render");
        var registered = await Client.Register(hostname, tags: [Unique("t")]);
        var workers = await Client.GetObject("/workers");

        var entry = Assert.IsType<JsonObject>(workers[hostname]);
        foreach (var field in WorkerPartAFields)
            Assert.True(entry.ContainsKey(field), $"worker lacks '{field}': {entry}");
        // The registration that created the worker also hands it its own credential; no other answer shows it.
        Assert.StartsWith("mgr_", (string)registered["token"]!);
        Assert.False(entry.ContainsKey("token"), $"GET /workers shows a token: {entry}");
        registered.Remove("token");
        Assert.True(JsonNode.DeepEquals(Strip(registered), Strip(entry)), $"{registered} vs {entry}");

        Assert.Equal(hostname, (string)entry["hostname"]!);
        Assert.True((long)entry["id"]! > 0);
        Assert.Equal("enabled", (string)entry["status"]!);
        Assert.Equal("online", (string)entry["connection"]!);
        Assert.Null(entry["current_task"]);
        Assert.Equal("127.0.0.1", (string)entry["ip_address"]!);
        Assert.Equal(5000, (int)entry["port"]!);
        Assert.Equal("Linux 6.1.0", (string)entry["system"]!);
        Assert.Null(entry["log"]);
        Assert.Null(entry["time_cost"]);
        foreach (var (key, value) in workers)
            Assert.Equal(key, (string)value!["hostname"]!);
    }

    [Fact]
    public async Task Get_worker_shows_null_stats_before_a_report_and_the_reported_values_after()
    {
        var hostname = Unique("stats");
        var id = await Client.RegisterId(hostname, Unique("t"));

        var before = await Client.GetObject($"/workers/{id}");
        Assert.Equal(["hostname", "mac_address", "system", "update_frequent", "update_less_frequent"], before.Select(kv => kv.Key).Order());
        Assert.Equal(hostname, (string)before["hostname"]!);
        Assert.Equal("Linux 6.1.0", (string)before["system"]!);
        Assert.Null(before["mac_address"]);
        Assert.Null(before["update_frequent"]);
        Assert.Null(before["update_less_frequent"]);

        var report = """
            {"status":"available","mac_address":158929712651,
             "update_frequent":{"load_average":{"1min":2.18,"5min":2.11,"15min":2.18},"worker_cpu_percent":7.0},
             "update_less_frequent":{"worker_architecture":"x86_64","worker_disk_percent":90.7,"worker_mem_percent":56.7,"worker_num_cpus":16}}
            """;
        var answer = await (await Client.PatchJson($"/workers/{id}", report)).ExpectJson(HttpStatusCode.OK);
        Assert.Null(answer["task_id"]);

        var after = await Client.GetObject($"/workers/{id}");
        var expected = JsonNode.Parse($$$"""
            {"hostname":"{{{hostname}}}","mac_address":158929712651,"system":"Linux 6.1.0",
             "update_frequent":{"load_average":{"1min":2.18,"5min":2.11,"15min":2.18},"worker_cpu_percent":7.0},
             "update_less_frequent":{"worker_architecture":"x86_64","worker_disk_percent":90.7,"worker_mem_percent":56.7,"worker_num_cpus":16}}
            """)!;
        Assert.True(NumbersEqual(expected, after), $"{after}");

        // A later report without stats keeps the last figures.
        Assert.Null(await Client.Poll(id));
        Assert.True(NumbersEqual(expected, await Client.GetObject($"/workers/{id}")));
    }

    [Fact]
    public async Task Patch_worker_available_assigns_a_task_and_rendering_answers_the_held_task()
    {
        var tag = Unique("t");
        var hostname = Unique("claim");
        var id = await Client.RegisterId(hostname, tag);
        var low = await Client.SubmitId([tag], priority: 1);
        var high = await Client.SubmitId([tag], priority: 9);
        var sameHigh = await Client.SubmitId([tag], priority: 9);

        Assert.Equal(high, await Client.Poll(id)); // priority first, then submission order
        Assert.Equal(high, await Client.Poll(id, "rendering"));
        var entry = (await Client.GetObject("/workers"))[hostname]!;
        Assert.Equal(high, (long)entry["current_task"]!);

        // Asking again while holding a task hands it back (not a failure) and assigns the best one.
        var next = await Client.Poll(id);
        Assert.Equal(high, next);
        var task = await Client.GetTask(high);
        Assert.Equal("rendering", (string)task["status"]!);
        Assert.Empty(task["failed_by_workers"]!.AsArray());
        Assert.Equal(2, (int)task["attempts"]!);

        await Client.PatchTask(high, $$"""{"worker_id":{{id}},"status":"completed"}""");
        Assert.Equal(sameHigh, await Client.Poll(id));
        await Client.PatchTask(sameHigh, $$"""{"worker_id":{{id}},"status":"completed"}""");
        Assert.Equal(low, await Client.Poll(id));
        await Client.PatchTask(low, $$"""{"worker_id":{{id}},"status":"completed"}""");
        Assert.Null(await Client.Poll(id));
        Assert.Null(await Client.Poll(id, "rendering"));
    }

    [Fact]
    public async Task Patch_worker_disabled_and_enabled_is_the_operator_switch()
    {
        var tag = Unique("t");
        var hostname = Unique("switch");
        var id = await Client.RegisterId(hostname, tag);
        var task = await Client.SubmitId([tag]);

        Assert.Null(await Client.Poll(id, "disabled"));
        Assert.Equal("disabled", (string)(await Client.GetObject("/workers"))[hostname]!["status"]!);
        Assert.Null(await Client.Poll(id)); // disabled workers get no tasks
        Assert.Equal("queued", (string)(await Client.GetTask(task))["status"]!);

        Assert.Null(await Client.Poll(id, "enabled"));
        Assert.Equal("enabled", (string)(await Client.GetObject("/workers"))[hostname]!["status"]!);
        Assert.Equal(task, await Client.Poll(id));
        Assert.Equal(task, await Client.Poll(id, "disabled")); // answers the current task_id
        Assert.Equal(task, await Client.Poll(id, "disabled"));
    }

    [Fact]
    public async Task Tags_and_supported_types_decide_which_worker_gets_a_task()
    {
        var tag = Unique("t");
        var gpu = Unique("gpu");
        var plain = await Client.RegisterId(Unique("plain"), tag);
        var execOnly = (long)(await Client.Register(Unique("exec"), tags: [tag, gpu], types: ["exec_command"]))["id"]!;
        var full = await Client.RegisterId(Unique("full"), tag, gpu);
        var needsGpu = await Client.SubmitId([tag, gpu]);

        Assert.Null(await Client.Poll(plain));
        Assert.Null(await Client.Poll(execOnly));
        Assert.Equal(needsGpu, await Client.Poll(full));
    }

    private static JsonNode Strip(JsonObject worker)
    {
        var copy = (JsonObject)worker.DeepClone();
        copy.Remove("last_seen");
        return copy;
    }

    private static bool NumbersEqual(JsonNode expected, JsonNode actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(Normalise(expected)), JsonNode.Parse(Normalise(actual)));

    /// <summary>7.0 and 7 are the same number.</summary>
    private static string Normalise(JsonNode node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key).Select(kv =>
            System.Text.Json.JsonSerializer.Serialize(kv.Key) + ":" + (kv.Value is null ? "null" : Normalise(kv.Value)))) + "}",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            v.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
