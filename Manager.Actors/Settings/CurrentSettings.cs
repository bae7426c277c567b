using Akka.Event;

namespace Manager.Actors.Settings;

/// <summary>
/// This node's view of the latest settings, read synchronously by the actors on their decisions
/// (a claim must not wait for a round trip to the settings actor). The settings actor (and, in a cluster,
/// each node's replica) replaces it after every persisted change and announces the change on the node's
/// event stream, so actors holding timers derived from a setting can re-arm them.
/// </summary>
public sealed class CurrentSettings
{
    private volatile ManagerSettings _value = ManagerSettings.Defaults;

    public ManagerSettings Value => _value;

    public void Replace(ManagerSettings settings, EventStream announceTo)
    {
        _value = settings;
        announceTo.Publish(new SettingsUpdated(settings));
    }
}
