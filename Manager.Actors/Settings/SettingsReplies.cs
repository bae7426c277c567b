namespace Manager.Actors.Settings;

/// <summary>
/// The settings after a persisted change (or after recovery), sent to every node in a cluster.
/// <paramref name="Version"/> is the settings actor's sequence number, so an older copy never replaces a newer one.
/// </summary>
public sealed record SettingsPublished(ManagerSettings Settings, long Version) : ISettingsMessage;
