namespace Manager.Rules;

/// <summary>
/// The host-name rule (RFC 1123): labels of 1–63 letters, digits and '-', not starting or ending with '-',
/// joined by '.', at most 253 characters. The manager refuses a registration that breaks it; the worker
/// checks <c>--hostname</c> with it and makes its machine name fit it.
/// </summary>
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

    /// <summary>Turns a machine name into a valid host name (lower case, odd characters become '-'); <c>worker</c> if nothing is left.</summary>
    public static string Sanitize(string name)
    {
        var labels = name.ToLowerInvariant()
            .Split('.')
            .Select(label => new string(label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-'))
            .Select(label => label.Length > 63 ? label[..63].TrimEnd('-') : label)
            .Where(label => label.Length > 0);
        var result = string.Join('.', labels);
        if (result.Length > 253)
            result = result[..253].TrimEnd('-', '.');
        return IsValid(result) ? result : "worker";
    }
}
