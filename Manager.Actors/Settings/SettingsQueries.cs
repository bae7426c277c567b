using Manager.Actors.Common;

namespace Manager.Actors.Settings;

public sealed record GetSettings : ISettingsMessage, IAsk<ManagerSettings>
{
    public static readonly GetSettings Instance = new();
}

/// <summary>Asks the settings actor for <see cref="SettingsPublished"/> (used by each node's <see cref="SettingsReplica"/>).</summary>
public sealed record GetPublishedSettings : ISettingsMessage
{
    public static readonly GetPublishedSettings Instance = new();
}
