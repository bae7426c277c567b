using System.Threading.Channels;

namespace Manager.Http.Events;

/// <summary>
/// One client of GET /events: the frames published since it subscribed, and what it missed before (<see cref="Missed"/>).
/// Its reader completes when the client fell too far behind (<see cref="FarmEventHub.Backlog"/>): the response ends and the
/// client, reconnecting with its last id, is given the rest from the hub's recent frames.
/// </summary>
public sealed class EventSubscription(FarmEventHub hub, Channel<EventFrame> channel, IReadOnlyList<EventFrame>? missed, string position)
    : IDisposable
{
    public ChannelReader<EventFrame> Reader => channel.Reader;

    /// <summary>The frames after the client's Last-Event-ID, or null when they cannot be given (a client that must resync).</summary>
    public IReadOnlyList<EventFrame>? Missed => missed;

    /// <summary>The id of the last frame published before this subscription: every later one comes through <see cref="Reader"/>.</summary>
    public string Position => position;

    public void Dispose() => hub.Unsubscribe(channel);
}
