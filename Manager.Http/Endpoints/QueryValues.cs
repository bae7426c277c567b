using System.Globalization;

namespace Manager.Http.Endpoints;

/// <summary>Reads query-string values; a value that is not a whole number within its range is recorded as an error (400).</summary>
public static class QueryValues
{
    public static long? Long(IQueryCollection query, string name, long min, long max, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var raw)) return null;
        if (long.TryParse(raw.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        errors[name] = [$"must be a whole number from {min} to {max}"];
        return null;
    }
}
