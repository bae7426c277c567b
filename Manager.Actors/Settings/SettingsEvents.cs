using Manager.Actors.Serialization;

namespace Manager.Actors.Settings;

/// <summary>Persisted: the new values (JSON text) of the settings that changed.</summary>
public sealed record SettingsChanged(IReadOnlyDictionary<string, string> Values, DateTimeOffset At, string? By = null) : IPersisted;
