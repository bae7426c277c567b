namespace Manager.Actors.Settings;

/// <summary>
/// This node's view of the latest settings, read synchronously by the actors on their decisions
/// (a claim must not wait for a round trip to the settings actor). The settings actor replaces it
/// after every persisted change.
/// </summary>
public sealed class CurrentSettings
{
    private volatile ManagerSettings _value = ManagerSettings.Defaults;

    public ManagerSettings Value => _value;

    public void Replace(ManagerSettings settings) => _value = settings;
}
