using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Manager.Bench;

/// <summary>
/// One worker's log stream (GET /workers/{id}/log-stream, a WebSocket): sends a life cycle's chunks without waiting,
/// then waits for all their acknowledgements before the completion (the reference worker waits for each in turn).
/// </summary>
public sealed class LogStreamClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _receive = new byte[16 * 1024];
    private readonly ArrayBufferWriter<byte> _message = new(2048);
    private string? _logJson;
    private byte[] _logUtf8 = [];
    private int _unacknowledged;

    private LogStreamClient(ClientWebSocket socket) => _socket = socket;

    /// <param name="address">The stream's HTTP address on one manager.</param>
    public static async Task<LogStreamClient> OpenAsync(Uri address, string authorization)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", authorization);
        var ws = new UriBuilder(address) { Scheme = address.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(ws, CancellationToken.None);
        return new LogStreamClient(socket);
    }

    /// <summary>Sends one chunk (<paramref name="logJson"/>: its text as a JSON string literal) without waiting for its acknowledgement.</summary>
    /// <remarks>The message is written into one reused buffer, the chunk's text encoded once per text: the load generator
    /// shares the manager's cores, so what it spends per message is taken from the manager.</remarks>
    public async Task SendAsync(long taskId, long logSeq, string logJson)
    {
        if (!ReferenceEquals(logJson, _logJson)) (_logJson, _logUtf8) = (logJson, Encoding.UTF8.GetBytes(logJson));
        _message.ResetWrittenCount();
        Write("{\"task_id\":"u8);
        Write(taskId);
        Write(",\"log_seq\":"u8);
        Write(logSeq);
        Write(",\"log\":"u8);
        Write(_logUtf8);
        Write("}"u8);
        await _socket.SendAsync(_message.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        _unacknowledged++;
    }

    private void Write(ReadOnlySpan<byte> bytes) => _message.Write(bytes);

    private void Write(long number)
    {
        number.TryFormat(_message.GetSpan(20), out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        _message.Advance(written);
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
            var acks = new Utf8JsonReader(_receive.AsSpan(0, length));
            while (acks.Read())
            {
                if (acks.TokenType != JsonTokenType.PropertyName || !acks.ValueTextEquals("status"u8)) continue;
                acks.Read();
                if (acks.GetInt32() != 204)
                    throw new InvalidOperationException($"log chunk refused: {Encoding.UTF8.GetString(_receive, 0, length)}");
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
