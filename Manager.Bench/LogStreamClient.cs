using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Manager.Bench;

/// <summary>
/// One worker's log stream (GET /workers/{id}/log-stream, a WebSocket): sends chunks without waiting, then waits for their
/// acknowledgements — as the reference worker does before it sends a completion.
/// </summary>
public sealed class LogStreamClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _receive = new byte[16 * 1024];
    private int _unacknowledged;

    private LogStreamClient(ClientWebSocket socket) => _socket = socket;

    public static async Task<LogStreamClient> OpenAsync(Uri node, long workerId, string authorization)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", authorization);
        var ws = new UriBuilder(new Uri(node, $"workers/{workerId}/log-stream")) { Scheme = node.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(ws, CancellationToken.None);
        return new LogStreamClient(socket);
    }

    /// <summary>Sends one chunk (<paramref name="logJson"/>: its text as a JSON string literal) without waiting for its acknowledgement.</summary>
    public async Task SendAsync(long taskId, long logSeq, string logJson)
    {
        var message = Encoding.UTF8.GetBytes($$"""{"task_id":{{taskId}},"log_seq":{{logSeq}},"log":{{logJson}}}""");
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        _unacknowledged++;
    }

    /// <summary>Waits until every chunk sent is acknowledged; throws on any acknowledgement but 204.</summary>
    public async Task AcknowledgedAsync()
    {
        while (_unacknowledged > 0)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_receive.AsMemory(length), CancellationToken.None);
                length += result.Count;
            } while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException($"the manager closed the log stream: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            using var acks = JsonDocument.Parse(_receive.AsMemory(0, length));
            foreach (var ack in acks.RootElement.EnumerateArray())
            {
                if (ack.GetProperty("status").GetInt32() != 204) throw new InvalidOperationException($"log chunk refused: {ack}");
                _unacknowledged--;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // the manager is gone already
        }
        _socket.Dispose();
    }
}
