namespace Manager.Actors.Settings;

/// <summary>A message for the <see cref="SettingsActor"/>, or one it publishes to each node's <see cref="SettingsReplica"/>.</summary>
public interface ISettingsMessage;
