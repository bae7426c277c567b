using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace Manager.Actors.Settings;

/// <summary>
/// This node's view of the latest settings, read synchronously by the actors on their decisions
/// (a claim must not wait for a round trip to the settings actor). The settings actor (and, in a cluster,
/// each node's replica) replaces it after every persisted change and announces the change as <see cref="SettingsUpdated"/>
/// on the node's event stream and to every listener, so actors holding timers derived from a setting can re-arm them.
/// </summary>
public sealed class CurrentSettings
{
    private volatile ManagerSettings _value = ManagerSettings.Defaults;

    /// <summary>
    /// The worker proxies of this node (tens of thousands on a large farm) listen here rather than on the event stream: its
    /// subscribe and unsubscribe are linear in the number of subscribers, so each proxy started or stopped cost a scan of all
    /// the others.
    /// </summary>
    private readonly ConcurrentDictionary<IActorRef, byte> _listeners = new();

    public ManagerSettings Value => _value;

    public void Replace(ManagerSettings settings, EventStream announceTo)
    {
        _value = settings;
        var updated = new SettingsUpdated(settings);
        announceTo.Publish(updated);
        foreach (var listener in _listeners.Keys) listener.Tell(updated);
    }

    /// <summary>Tells <paramref name="actor"/> every <see cref="SettingsUpdated"/> from now until <see cref="StopListening"/>.</summary>
    public void Listen(IActorRef actor) => _listeners.TryAdd(actor, 0);

    public void StopListening(IActorRef actor) => _listeners.TryRemove(actor, out _);

    /// <summary>How many actors listen (tests: a stopped proxy is no longer told).</summary>
    internal int Listeners => _listeners.Count;
}
