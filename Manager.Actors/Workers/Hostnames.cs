namespace Manager.Actors.Workers;

/// <summary>RFC 1123 host names: labels of 1–63 letters, digits and '-', not starting or ending with '-', joined by '.', at most 253 characters.</summary>
public static class Hostnames
{
    public static bool IsValid(string? hostname)
    {
        if (string.IsNullOrEmpty(hostname) || hostname.Length > 253) return false;
        foreach (var label in hostname.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-')) return false;
        }
        return true;
    }

    /// <summary>Host names compare case-insensitively: render-01 and RENDER-01 are one worker.</summary>
    public static string Key(string hostname) => hostname.ToLowerInvariant();
}
