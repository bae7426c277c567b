using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Manager.Tests.Logs;

/// <summary>A test's end of a worker's log stream (GET /workers/{id}/log-stream): sends chunks, reads acknowledgements, each read bounded.</summary>
public sealed class LogStreamConnection : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket;

    private LogStreamConnection(ClientWebSocket socket) => _socket = socket;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public static async Task<LogStreamConnection> OpenAsync(Uri manager, long workerId, string? token)
    {
        var socket = new ClientWebSocket();
        if (token is not null) socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.CollectHttpResponseDetails = true;
        using var bound = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(Address(manager, workerId), bound.Token);
        return new LogStreamConnection(socket);
    }

    /// <summary>The status the manager answered an upgrade it refused with.</summary>
    public static async Task<int> RefusedUpgradeStatusAsync(Uri manager, long workerId, string? token)
    {
        using var socket = new ClientWebSocket();
        if (token is not null) socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.CollectHttpResponseDetails = true;
        using var bound = new CancellationTokenSource(Bound);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Address(manager, workerId), bound.Token));
        return (int)socket.HttpStatusCode;
    }

    public static Uri Address(Uri manager, long workerId) =>
        new UriBuilder(new Uri(manager, $"workers/{workerId}/log-stream")) { Scheme = "ws" }.Uri;

    public static string Chunk(long taskId, long? assignment, long logSeq, string log) =>
        new JsonObject { ["task_id"] = taskId, ["assignment"] = assignment, ["log_seq"] = logSeq, ["log"] = log }.ToJsonString();

    public async Task SendAsync(string message)
    {
        using var bound = new CancellationTokenSource(Bound);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, bound.Token);
    }

    /// <summary>Reads acknowledgements until <paramref name="count"/> have come (each message holds one or more).</summary>
    public async Task<IReadOnlyList<JsonObject>> AcksAsync(int count)
    {
        var acks = new List<JsonObject>();
        while (acks.Count < count)
        {
            var message = await ReceiveAsync() ?? throw new InvalidOperationException(
                $"the stream closed after {acks.Count} of {count} acknowledgements: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            acks.AddRange(JsonNode.Parse(message)!.AsArray().Select(a => a!.AsObject()));
        }
        return acks;
    }

    /// <summary>The next message's text, or null when the manager closed the stream.</summary>
    public async Task<string?> ReceiveAsync()
    {
        using var bound = new CancellationTokenSource(Bound);
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, bound.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage) return text.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var bound = new CancellationTokenSource(Bound);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", bound.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // the manager went away first
            }
        }
        _socket.Dispose();
    }
}
