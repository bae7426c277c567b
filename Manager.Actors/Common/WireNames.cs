namespace Manager.Actors.Common;

/// <summary>Enums written on the wire as words (task and job statuses): a word back to its value.</summary>
public static class WireNames
{
    public static bool TryParse<TEnum>(string? wire, Func<TEnum, string> toWire, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (toWire(candidate) == wire)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
