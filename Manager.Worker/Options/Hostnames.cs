namespace Manager.Worker;

/// <summary>The manager's host-name rule (RFC 1123): labels of 1–63 letters, digits and '-', not starting
/// or ending with '-', joined by '.', at most 253 characters.</summary>
public static class Hostnames
{
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 253)
            return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return false;
        }
        return true;
    }

    /// <summary>Turns a machine name into a valid host name (lower case, odd characters become '-').</summary>
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
