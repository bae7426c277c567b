using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Http.Views;

namespace Manager.Tests.Http;

/// <summary>
/// The worker objects of GET /workers and POST /workers: every field of the contract with its value, the dispatcher's
/// part as of each call, and a view's rendering never outliving the view (the directory replaces a changed view).
/// </summary>
public sealed class WorkerObjectsJsonTests
{
    private static readonly JsonSerializerOptions WebOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly DateTimeOffset Seen = new(2026, 12, 1, 6, 4, 6, TimeSpan.Zero);
    private readonly WorkerObjectsJson _json = new(WebOptions);

    [Fact]
    public async Task Every_field_of_a_worker_holding_a_task_and_of_an_idle_one()
    {
        var busy = View(1, "render-01") with { LastSeen = Seen };
        var idle = View(2, "render-02") with { Online = false, Activity = null };
        var assignments = new Dictionary<long, WorkerAssignment> { [1] = new(1, 17, "Frame 2: Sample 1/4", ["ffmpeg"]) };

        var written = await WriteAsync([busy, idle], assignments);

        Assert.Equal(["render-01", "render-02"], written.Select(kv => kv.Key));
        var first = written["render-01"]!.AsObject();
        Assert.Equal(
            ["activity", "current_task", "blocklisted_types", "connection", "hostname", "id", "ip_address", "log", "port", "status",
             "system", "time_cost", "supported_types", "tags", "last_seen"],
            first.Select(kv => kv.Key));
        Assert.Equal(
            """{"activity":"Frame 2: Sample 1/4","current_task":17,"blocklisted_types":["ffmpeg"],"connection":"online","hostname":"render-01","id":1,"ip_address":"10.0.0.1","log":null,"port":5000,"status":"enabled","system":"Linux 6.1","time_cost":null,"supported_types":["blender_render"],"tags":["gpu"],"last_seen":"2026-12-01T06:04:06\u002B00:00"}""",
            first.ToJsonString());
        var second = written["render-02"]!.AsObject();
        Assert.Equal((null, null, "offline", 0), ((string?)second["activity"], (long?)second["current_task"], (string?)second["connection"],
            second["blocklisted_types"]!.AsArray().Count));
        Assert.False(second.ContainsKey("token"));
    }

    [Fact]
    public async Task A_worker_holding_nothing_reads_the_same_whether_written_whole_or_composed()
    {
        var view = View(5, "render-05") with { LastSeen = Seen };
        var whole = await WriteAsync([view], new Dictionary<long, WorkerAssignment>());
        var composed = await WriteAsync([view], new Dictionary<long, WorkerAssignment> { [5] = new(5, null, null, []) });
        Assert.Equal(whole.ToJsonString(), composed.ToJsonString());
        Assert.Equal("available", (string?)whole["render-05"]!["activity"]);
    }

    [Fact]
    public async Task A_token_is_written_only_when_given()
    {
        var written = await WriteAsync([View(3, "render-03")], new Dictionary<long, WorkerAssignment>(), token: "wrk_secret");
        Assert.Equal("wrk_secret", (string?)written["render-03"]!["token"]);
    }

    [Fact]
    public async Task A_changed_view_and_a_changed_assignment_show_at_the_next_call()
    {
        var view = View(4, "render-04");
        var none = new Dictionary<long, WorkerAssignment>();
        Assert.Equal("enabled", (string?)(await WriteAsync([view], none))["render-04"]!["status"]);

        // The same view again, now holding a task: the dispatcher's part is read at each call.
        var held = new Dictionary<long, WorkerAssignment> { [4] = new(4, 9, "rendering", []) };
        Assert.Equal(9, (long?)(await WriteAsync([view], held))["render-04"]!["current_task"]);

        // The directory replaced the view (the operator disabled the worker): the new view is rendered, not the cached one.
        var disabled = view with { Record = view.Record with { Enabled = false } };
        Assert.Equal("disabled", (string?)(await WriteAsync([disabled], none))["render-04"]!["status"]);
    }

    private Task<JsonObject> WriteAsync(IReadOnlyList<WorkerView> views, IReadOnlyDictionary<long, WorkerAssignment> assignments, string? token = null)
    {
        var output = new ArrayBufferWriter<byte>();
        _json.Write(output, views, assignments, token);
        return Task.FromResult(Assert.IsType<JsonObject>(JsonNode.Parse(output.WrittenSpan)));
    }

    private static WorkerView View(long id, string hostname) =>
        new(new WorkerRecord(id, hostname, "Linux 6.1", 5000, ["blender_render"], ["gpu"], "10.0.0.1", true, Seen), true, "available", null);
}
