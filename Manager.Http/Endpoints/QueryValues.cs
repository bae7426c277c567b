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

    /// <summary>The paging values of a list: <c>after</c> (an id, default 0) and <c>limit</c> (1 … 1000, default 100).</summary>
    public static (long After, int Limit) Page(IQueryCollection query, Dictionary<string, string[]> errors) =>
        (Long(query, "after", 0, long.MaxValue, errors) ?? 0, (int)(Long(query, "limit", 1, 1000, errors) ?? 100));
}
