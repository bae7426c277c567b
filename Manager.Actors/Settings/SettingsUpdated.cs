namespace Manager.Actors.Settings;

/// <summary>Published on a node's event stream when its <see cref="CurrentSettings"/> changed.</summary>
public sealed record SettingsUpdated(ManagerSettings Settings);
