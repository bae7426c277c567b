using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Manager.Http.Events;

/// <summary>
/// This node's event stream (GET /events): numbers every frame, keeps the most recent ones for clients that reconnect,
/// and hands each frame to every connected client. An id is <c>{stream}-{n}</c>: <c>stream</c> is random per start of
/// this manager process, <c>n</c> counts its frames. So an id names a place in this node's stream since its start, and
/// only here: a client coming back with an id of this stream gets what it missed (while the hub still keeps it); with an
/// id of another node, of an earlier start, or one too old, it is told to <c>resync</c> (docs/api.md, "Live events").
/// </summary>
public sealed class FarmEventHub(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    /// <summary>Frames kept for reconnecting clients, at most this many bytes (the oldest go first).</summary>
    public const long RecentBytes = 16 * 1024 * 1024;

    /// <summary>Frames a client may have unsent before it is cut off (it reconnects and resumes).</summary>
    public const int Backlog = 256;

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly string _stream = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
    private readonly Lock _gate = new();
    private readonly Queue<EventFrame> _recent = new();
    private readonly HashSet<Channel<EventFrame>> _clients = [];
    private long _recentBytes;
    private long _seq;

    /// <summary>Numbers <paramref name="payload"/> as the next frame, keeps it, and sends it to every client.</summary>
    public void Publish(string name, object payload)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), _json);
        lock (_gate)
        {
            var seq = ++_seq;
            var frame = EventFrame.Create(seq, IdOf(seq), name, data);
            _recent.Enqueue(frame);
            _recentBytes += frame.Bytes.Length;
            while (_recentBytes > RecentBytes && _recent.Count > 1) _recentBytes -= _recent.Dequeue().Bytes.Length;
            List<Channel<EventFrame>>? behind = null;
            foreach (var client in _clients)
                if (!client.Writer.TryWrite(frame)) (behind ??= []).Add(client);
            foreach (var client in behind ?? [])
            {
                client.Writer.TryComplete();
                _clients.Remove(client);
            }
        }
    }

    /// <summary>A new client that last saw <paramref name="lastEventId"/> (null: none).</summary>
    public EventSubscription Subscribe(string? lastEventId)
    {
        var channel = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(Backlog) { SingleReader = true });
        lock (_gate)
        {
            _clients.Add(channel);
            return new EventSubscription(this, channel, MissedSince(lastEventId), IdOf(_seq));
        }
    }

    /// <summary>A frame for one client only (its <c>resync</c>), with the id of its subscription's position.</summary>
    public EventFrame ForOne(EventSubscription subscription, string name, object payload) =>
        EventFrame.Create(0, subscription.Position, name, JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), _json));

    internal void Unsubscribe(Channel<EventFrame> channel)
    {
        lock (_gate) _clients.Remove(channel);
    }

    /// <summary>The kept frames after <paramref name="lastEventId"/>; null when it is not of this stream or older than they are.</summary>
    private List<EventFrame>? MissedSince(string? lastEventId)
    {
        if (lastEventId is null || !lastEventId.StartsWith(_stream + "-", StringComparison.Ordinal)) return null;
        if (!long.TryParse(lastEventId.AsSpan(_stream.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seen)) return null;
        if (seen > _seq) return null;
        if (seen == _seq) return [];
        var missed = _recent.Where(f => f.Seq > seen).ToList();
        return missed.Count > 0 && missed[0].Seq == seen + 1 ? missed : null;
    }

    private string IdOf(long seq) => $"{_stream}-{seq.ToString(CultureInfo.InvariantCulture)}";
}
