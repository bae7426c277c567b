using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// The worker's log stream (<c>GET /workers/{id}/log-stream</c>, a WebSocket): a task's output chunks go on it instead of
/// one <c>PATCH /tasks/{id}</c> each, and each is answered by an acknowledgement with the status the PATCH would have had.
/// Whenever the stream cannot do it — it cannot be opened (a manager or load balancer without it), it broke, the
/// acknowledgement did not come within one attempt's timeout, or it was 503 — <see cref="SendAsync"/> answers null and
/// the caller sends that chunk with PATCH instead (a chunk stored already is recognised as a repeat). After a failed
/// opening the stream is not tried again for <see cref="RetryOpeningAfter"/>.
/// </summary>
internal sealed class LogStream(ManagerClient client, TimeSpan ackTimeout, Action<WorkerEventKind, string> emit) : IAsyncDisposable
{
    public static readonly TimeSpan RetryOpeningAfter = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1); // one opening, one message at a time
    private readonly ConcurrentDictionary<(long TaskId, long LogSeq), TaskCompletionSource<TaskUpdateOutcome?>> _pending = new();
    private ClientWebSocket? _socket;
    private long _socketWorkerId;
    private DateTimeOffset _openAgainAt = DateTimeOffset.MinValue;
    private bool _reportedUnavailable;
    private bool _disposed;

    /// <summary>Chunks acknowledged 204 on the stream so far (tests read it).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    /// <summary>Sends one chunk and waits for its acknowledgement; null when it has to go by PATCH instead.</summary>
    public async Task<TaskUpdateOutcome?> SendAsync(long workerId, long taskId, long? assignment, long logSeq, string text, CancellationToken ct)
    {
        var key = (taskId, logSeq);
        var answer = new TaskCompletionSource<TaskUpdateOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _gate.WaitAsync(ct);
        try
        {
            if (await OpenAsync(workerId, ct) is not { } socket) return null;
            _pending[key] = answer;
            var message = JsonSerializer.SerializeToUtf8Bytes(new { task_id = taskId, assignment, log_seq = logSeq, log = text });
            try
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
            catch (WebSocketException)
            {
                _pending.TryRemove(key, out _);
                Broken(socket);
                return null;
            }
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            return await answer.Task.WaitAsync(ackTimeout, ct);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(key, out _);
            return null;
        }
    }

    private async Task<ClientWebSocket?> OpenAsync(long workerId, CancellationToken ct)
    {
        if (_socket is { State: WebSocketState.Open } open && _socketWorkerId == workerId) return open;
        if (_socket is { } old) Broken(old);
        if (_disposed || DateTimeOffset.UtcNow < _openAgainAt) return null;
        try
        {
            var socket = await client.ConnectWebSocketAsync($"workers/{workerId}/log-stream", ct);
            (_socket, _socketWorkerId, _reportedUnavailable) = (socket, workerId, false);
            _ = ReceiveAcksAsync(socket);
            return socket;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _openAgainAt = DateTimeOffset.UtcNow + RetryOpeningAfter;
            if (!_reportedUnavailable)
                emit(WorkerEventKind.Warning, $"the log stream could not be opened ({e.Message}); sending output with PATCH, trying again in {RetryOpeningAfter.TotalSeconds:0} s");
            _reportedUnavailable = true;
            return null;
        }
    }

    private async Task ReceiveAcksAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                Take(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or JsonException or InvalidOperationException or ObjectDisposedException)
        {
            // broken, or not an array of acknowledgements: what is pending goes by PATCH
        }
        Broken(socket);
    }

    private void Take(ReadOnlySpan<byte> acks)
    {
        using var document = JsonDocument.Parse(acks.ToArray());
        foreach (var ack in document.RootElement.EnumerateArray())
        {
            if (!(ack.TryGetProperty("task_id", out var taskId) && taskId.TryGetInt64(out var task)
                  && ack.TryGetProperty("log_seq", out var logSeq) && logSeq.TryGetInt64(out var seq)
                  && ack.TryGetProperty("status", out var statusCode) && statusCode.TryGetInt32(out var status)))
                continue; // not the answer to a chunk of ours (a 422 for a message we did not mean)
            if (!_pending.TryRemove((task, seq), out var answer)) continue;
            var detail = ack.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (status == 204) Interlocked.Increment(ref _acknowledged);
            answer.TrySetResult(status switch
            {
                204 => new TaskUpdateOutcome(TaskUpdateResult.Accepted),
                409 or 403 => new TaskUpdateOutcome(TaskUpdateResult.Conflict, detail),
                404 => new TaskUpdateOutcome(TaskUpdateResult.NotFound, detail),
                503 => null,
                _ => new TaskUpdateOutcome(TaskUpdateResult.Rejected, $"{status}: {detail}"),
            });
        }
    }

    /// <summary>Drops a stream that broke: every chunk waiting on it goes by PATCH; the next chunk opens a new one.</summary>
    private void Broken(ClientWebSocket socket)
    {
        if (Interlocked.CompareExchange(ref _socket, null, socket) == socket) socket.Abort();
        foreach (var key in _pending.Keys)
            if (_pending.TryRemove(key, out var answer))
                answer.TrySetResult(null);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true; // a task still ending sends the rest of its output by PATCH
        if (Interlocked.Exchange(ref _socket, null) is not { } socket) return;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "worker stopping", bound.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the manager is gone
        }
        socket.Dispose();
    }
}
