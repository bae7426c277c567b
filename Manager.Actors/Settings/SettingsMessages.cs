using Manager.Actors.Serialization;

namespace Manager.Actors.Settings;

public interface ISettingsMessage;

public sealed record GetSettings : ISettingsMessage
{
    public static readonly GetSettings Instance = new();
}

/// <summary>Sets several settings at once, all or none. Values are JSON text, validated by <see cref="SettingsRules"/>.</summary>
public sealed record ChangeSettings(IReadOnlyDictionary<string, string> Values) : ISettingsMessage;

/// <summary>Persisted: the new values (JSON text) of the settings that changed.</summary>
public sealed record SettingsChanged(IReadOnlyDictionary<string, string> Values, DateTimeOffset At) : IPersisted;
