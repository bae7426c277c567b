using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Manager.Actors.Tasks;

namespace Manager.Http.Logs.Streaming;

/// <summary>
/// One worker's log stream: reads its chunks in order, gives each to the dispatcher as the progress report it is (only
/// the current holder's chunk is stored, and the progress it shows is taken, as for PATCH /tasks/{id} with a log), and
/// hands it to the group-commit writer without waiting for the commit, so the chunks of many messages share commits;
/// each one's acknowledgement goes back once it is durable. Chunks enter the writer in the order they arrived (a task's
/// log keeps its order). At most <see cref="MaxInFlight"/> chunks wait for their commit per stream; beyond, reading
/// pauses (TCP pushes back on the worker).
/// </summary>
public sealed class LogStreamSession(
    WebSocket socket, long workerId, string? ipAddress, ActorGateway actors, TaskLogStore logs, Func<bool> tokenStillValid, long maxMessageBytes)
{
    public const int MaxInFlight = 256;
    private const int ReceiveBytes = 4096;

    /// <summary>Told of each message received (the node's metrics).</summary>
    public Action? Received { get; init; }

    private readonly Channel<LogStreamAck> _acks = Channel.CreateUnbounded<LogStreamAck>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(MaxInFlight, MaxInFlight);

    /// <summary>Runs until the worker closes the stream, its token is revoked, a message is too large or <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var sending = SendAcksAsync();
        WebSocketCloseStatus closeStatus;
        string closeReason;
        try
        {
            (closeStatus, closeReason) = await ReceiveChunksAsync(stopping);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            (closeStatus, closeReason) = (WebSocketCloseStatus.EndpointUnavailable, "the stream was broken or the manager is stopping");
        }
        // Every chunk handed to the writer is acknowledged before the stream closes.
        for (var i = 0; i < MaxInFlight; i++) await _inFlight.WaitAsync(CancellationToken.None);
        _acks.Writer.TryComplete();
        await sending;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The worker is gone; its unacknowledged chunks are its to send again.
            }
        }
    }

    private async Task<(WebSocketCloseStatus, string)> ReceiveChunksAsync(CancellationToken stopping)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBytes);
        var assembled = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), stopping);
                if (result.MessageType == WebSocketMessageType.Close) return (WebSocketCloseStatus.NormalClosure, "closed by the worker");
                ReadOnlyMemory<byte> message;
                if (result.EndOfMessage && assembled.WrittenCount == 0 && result.Count <= maxMessageBytes)
                {
                    message = buffer.AsMemory(0, result.Count);
                }
                else
                {
                    if (assembled.WrittenCount + result.Count > maxMessageBytes)
                        return (WebSocketCloseStatus.MessageTooBig, $"a message may hold at most {maxMessageBytes} bytes (Manager:MaxRequestBodyBytes)");
                    assembled.Write(buffer.AsSpan(0, result.Count));
                    if (!result.EndOfMessage) continue;
                    message = assembled.WrittenMemory;
                }
                if (!tokenStillValid()) return (WebSocketCloseStatus.PolicyViolation, "the token was revoked");
                actors.Heard(workerId, ipAddress);
                Received?.Invoke();
                await TakeAsync(message);
                assembled.ResetWrittenCount();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task TakeAsync(ReadOnlyMemory<byte> message)
    {
        if (LogStreamChunk.Parse(message.Span, out var refusal) is not { } chunk)
        {
            _acks.Writer.TryWrite(refusal!);
            return;
        }
        await _inFlight.WaitAsync(CancellationToken.None);
        Task<bool> stored;
        try
        {
            // The same command as PATCH /tasks/{id} with a log: it checks the holder and takes the progress the chunk shows.
            var holder = await actors.Ask(new UpdateTaskFromWorker(chunk.TaskId, workerId, chunk.Assignment, null, null, chunk.Log, null, null));
            if (!holder.IsDone(out var assignment))
            {
                Acknowledge(LogStreamAck.Refused(chunk, holder.Refusal!));
                return;
            }
            // Called here, in the stream's order: the chunk enters the writer's queue before the next message is read.
            stored = logs.AppendAsync(chunk.TaskId, assignment, chunk.LogSeq, chunk.Log);
        }
        catch (Exception e)
        {
            // An ask timeout above all (a dispatcher moving between nodes): the permit goes back whatever it was.
            Acknowledge(LogStreamAck.NotStored(chunk, $"the dispatcher did not answer ({e.Message}); send the chunk again"));
            return;
        }
        _ = AcknowledgeWhenStoredAsync(chunk, stored);
    }

    private async Task AcknowledgeWhenStoredAsync(LogStreamChunk chunk, Task<bool> stored)
    {
        try
        {
            await stored;
            Acknowledge(LogStreamAck.Of(chunk));
        }
        catch (TaskLogUnavailableException e)
        {
            Acknowledge(LogStreamAck.NotStored(chunk, $"the chunk was not stored ({e.InnerException?.Message}); send it again"));
        }
    }

    private void Acknowledge(LogStreamAck ack)
    {
        _acks.Writer.TryWrite(ack);
        _inFlight.Release();
    }

    /// <summary>Sends what acknowledgements are waiting as one message, again and again, until the stream's last one.</summary>
    private async Task SendAcksAsync()
    {
        var output = new ArrayBufferWriter<byte>(1024);
        var batch = new List<LogStreamAck>();
        while (await _acks.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxInFlight && _acks.Reader.TryRead(out var ack)) batch.Add(ack);
            output.ResetWrittenCount();
            LogStreamAck.WriteBatch(output, batch);
            batch.Clear();
            try
            {
                await socket.SendAsync(output.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
            {
                return; // the worker is gone: it sends its unacknowledged chunks again on its next stream
            }
        }
    }
}
