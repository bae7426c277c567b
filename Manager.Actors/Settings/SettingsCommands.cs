namespace Manager.Actors.Settings;

/// <summary>Sets several settings at once, all or none. Values are JSON text, validated by <see cref="SettingsRules"/>.</summary>
public sealed record ChangeSettings(IReadOnlyDictionary<string, string> Values, string? By = null) : ISettingsMessage;
