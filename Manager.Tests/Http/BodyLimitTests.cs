using System.Net;
using System.Text;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>413 above "Manager:MaxRequestBodyBytes" (1000 here), by Content-Length and by a chunked body.</summary>
public sealed class BodyLimitFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-limit");

    public ManagerApp App { get; private set; } = null!;

    public long Worker { get; private set; }

    public long Task { get; private set; }

    public async Task InitializeAsync()
    {
        App = await ManagerApp.StartAsync(_dir.Path, new Dictionary<string, string?> { ["Manager:MaxRequestBodyBytes"] = "1000" });
        await (await App.Client.PatchJson("/settings/worker_timeout_seconds", """{"value":86400}""")).Expect(HttpStatusCode.OK);
        Worker = await App.Client.RegisterId("limit-01");
        Task = await App.Client.SubmitId([]);
        Assert.Equal(Task, await App.Client.Poll(Worker));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _dir.Dispose();
    }
}

public class BodyLimitTests(BodyLimitFixture fixture) : IClassFixture<BodyLimitFixture>
{
    private HttpClient Client => fixture.App.Client;

    public static TheoryData<string, string, bool> Cases() => new()
    {
        { "POST", "/tasks", false },
        { "POST", "/tasks", true },
        { "PATCH", "/tasks/{task}", false },
        { "PATCH", "/tasks/{task}", true },
        { "POST", "/workers", false },
        { "PATCH", "/workers/{worker}", true },
        { "POST", "/settings", false },
        { "PATCH", "/settings/blender_path", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_body_over_the_limit_is_413_and_changes_nothing(string method, string template, bool chunked)
    {
        var path = template.Replace("{task}", fixture.Task.ToString()).Replace("{worker}", fixture.Worker.ToString());
        var padding = new string('x', 1200);
        var json = path switch
        {
            "/tasks" => SubmitBody(Json.BlenderSettings(1, 2, "/" + padding)),
            "/workers" => $$"""{"hostname":"big-01","system":"{{padding}}"}""",
            "/settings" => $$$"""{"blender_path":{"Linux":"/{{{padding}}}"}}""",
            _ when path.StartsWith("/tasks/") => $$"""{"worker_id":{{fixture.Worker}},"log":"{{padding}}"}""",
            _ when path.StartsWith("/workers/") => $$$"""{"status":"rendering","update_less_frequent":{"worker_architecture":"{{{padding}}}"}}""",
            _ => $$$"""{"value":{"Linux":"/{{{padding}}}"}}""",
        };
        var before = await Client.StateSnapshot();
        var logBefore = await (await Client.GetAsync($"/tasks/{fixture.Task}/log")).Expect(HttpStatusCode.OK);

        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 1000);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        if (chunked) request.Headers.TransferEncodingChunked = true;

        await (await Client.SendAsync(request)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, await Client.StateSnapshot());
        Assert.Equal(logBefore, await (await Client.GetAsync($"/tasks/{fixture.Task}/log")).Expect(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_accepted()
    {
        var log = new string('y', 900);
        var json = $$"""{"worker_id":{{fixture.Worker}},"log":"{{log}}"}""";
        Assert.True(Encoding.UTF8.GetByteCount(json) <= 1000);
        await Client.PatchTask(fixture.Task, json);
        Assert.EndsWith(log + "\n", await (await Client.GetAsync($"/tasks/{fixture.Task}/log")).Expect(HttpStatusCode.OK));
    }

    /// <summary>On the log stream the same limit holds per message, also for one small enough to be read in one piece.</summary>
    [Fact]
    public async Task A_log_stream_message_over_the_limit_closes_the_stream_and_stores_nothing()
    {
        var logBefore = await (await Client.GetAsync($"/tasks/{fixture.Task}/log")).Expect(HttpStatusCode.OK);
        await using var stream = await Manager.Tests.Logs.LogStreamConnection.OpenAsync(fixture.App.BaseAddress, fixture.Worker, TestTokens.Operator);

        var message = Manager.Tests.Logs.LogStreamConnection.Chunk(fixture.Task, null, 1, new string('z', 1500));
        Assert.InRange(Encoding.UTF8.GetByteCount(message), 1001, 4096);
        await stream.SendAsync(message);

        Assert.Null(await stream.ReceiveAsync());
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig, stream.CloseStatus);
        Assert.Equal(logBefore, await (await Client.GetAsync($"/tasks/{fixture.Task}/log")).Expect(HttpStatusCode.OK));
    }
}
