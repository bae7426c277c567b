using Manager.Actors.Serialization;

namespace Manager.Actors.Settings;

public interface ISettingsMessage;

public sealed record GetSettings : ISettingsMessage
{
    public static readonly GetSettings Instance = new();
}

/// <summary>Sets several settings at once, all or none. Values are JSON text, validated by <see cref="SettingsRules"/>.</summary>
public sealed record ChangeSettings(IReadOnlyDictionary<string, string> Values, string? By = null) : ISettingsMessage;

/// <summary>Persisted: the new values (JSON text) of the settings that changed.</summary>
public sealed record SettingsChanged(IReadOnlyDictionary<string, string> Values, DateTimeOffset At, string? By = null) : IPersisted;

/// <summary>Asks the settings actor for <see cref="SettingsPublished"/> (used by each node's <see cref="SettingsReplica"/>).</summary>
public sealed record GetPublishedSettings : ISettingsMessage
{
    public static readonly GetPublishedSettings Instance = new();
}

/// <summary>
/// The settings after a persisted change (or after recovery), sent to every node in a cluster.
/// <paramref name="Version"/> is the settings actor's sequence number, so an older copy never replaces a newer one.
/// </summary>
public sealed record SettingsPublished(ManagerSettings Settings, long Version) : ISettingsMessage;
