using System.Net.Sockets;
using System.Text;
using Manager.Tests.Support;

namespace Manager.Tests.Faults;

/// <summary>A body that arrives too slowly is 408 problem details, never a 500 (docs/api.md, "Bounds").</summary>
public sealed class SlowBodyTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("manager-slow-body");
    private ManagerApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await ManagerApp.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["Manager:MinRequestBodyBytesPerSecond"] = "1000",
            ["Manager:MinRequestBodyGraceSeconds"] = "1.5", // Kestrel requires more than its 1 s heartbeat
        });

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("POST", "/tasks")]
    [InlineData("POST", "/workers")]
    [InlineData("PATCH", "/settings/task_max_attempts")]
    public async Task A_body_that_stops_arriving_is_answered_408_problem_details(string method, string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_app.BaseAddress.Host, _app.BaseAddress.Port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = 30_000;
        var head = $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestTokens.Operator}\r\n" +
                   "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "{\"type\":"));
        await stream.FlushAsync();
        // ... and nothing more: Kestrel times the body out after the grace period.

        var response = await ReadResponseAsync(stream);

        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":408", response);
        Assert.DoesNotContain("   at ", response);
    }

    [Fact]
    public async Task A_body_that_arrives_in_time_is_read_as_usual()
    {
        var response = await _app.Client.PatchAsync("/settings/task_max_attempts",
            new StringContent("""{"value":4}""", Encoding.UTF8, "application/json"));

        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>Reads the head and whatever body follows until the server closes or the body's length is read.</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var read = await stream.ReadAsync(buffer, bound.Token);
            if (read == 0) break;
            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0 && ContentLength(text[..end]) is { } length && Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length) break;
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static int? ContentLength(string head) =>
        head.Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } line
            ? int.Parse(line["Content-Length:".Length..].Trim())
            : null;
}
