using Manager.Actors.Common;

namespace Manager.Actors.Settings;

/// <summary>Sets several settings at once, all or none. Values are JSON text, validated by <see cref="SettingsRules"/>. Answers the settings after the change.</summary>
public sealed record ChangeSettings(IReadOnlyDictionary<string, string> Values, string? By = null) : ISettingsMessage, IAsk<ManagerSettings>;
