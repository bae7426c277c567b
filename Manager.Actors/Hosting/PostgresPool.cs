using System.Data.Common;

namespace Manager.Actors.Hosting;

/// <summary>
/// How many PostgreSQL connections one manager opens at most. Npgsql's own default is 100 per process, and PostgreSQL's
/// default <c>max_connections</c> is also 100 (3 kept for superusers): three nodes recovering thousands of worker proxies
/// after a failover asked for more than the server had, and a node's recoveries then failed with 53300 ("remaining
/// connection slots are reserved"). With this bound a burst waits for a pooled connection instead.
/// </summary>
public static class PostgresPool
{
    /// <summary>The pool bound when the connection string names none: three nodes stay under PostgreSQL's default 100.</summary>
    public const int DefaultMaxPoolSize = 30;

    private static readonly string[] MaxPoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    /// <summary>The connection string with <c>Maximum Pool Size</c> = <see cref="DefaultMaxPoolSize"/> unless it sets one itself.</summary>
    public static string Bounded(string connectionString)
    {
        var keywords = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return MaxPoolSizeKeywords.Any(keywords.ContainsKey)
            ? connectionString
            : $"{connectionString.TrimEnd(' ', ';')};Maximum Pool Size={DefaultMaxPoolSize}"; // the operator's text as written, plus the bound
    }
}
