using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Manager.Http.Database;

/// <summary>
/// Connections to the journal's database (an SQLite file or PostgreSQL) for the tables the Manager keeps beside the
/// journal (task logs, last frames): one opener per process, so those tables share one PostgreSQL pool.
/// </summary>
public sealed class JournalDatabase
{
    private readonly Func<CancellationToken, Task<DbConnection>> _open;

    private JournalDatabase(Func<CancellationToken, Task<DbConnection>> open, bool isPostgreSql)
    {
        _open = open;
        IsPostgreSql = isPostgreSql;
    }

    public bool IsPostgreSql { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancel = default) => _open(cancel);

    /// <summary>The SQLite file of <paramref name="connectionString"/> (its folder is created when missing).</summary>
    public static JournalDatabase Sqlite(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        return new JournalDatabase(async cancel =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancel);
            // SQLite's own busy handler waits for the journal's write lock (the journal sets the same on its connections).
            await using var busy = connection.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout = 30000;";
            await busy.ExecuteNonQueryAsync(cancel);
            return connection;
        }, isPostgreSql: false);
    }

    public static JournalDatabase PostgreSql(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        return new JournalDatabase(async cancel => await source.OpenConnectionAsync(cancel), isPostgreSql: true);
    }

    /// <summary>
    /// The SQL that creates a table beside the journal when missing. On PostgreSQL, CREATE … IF NOT EXISTS is not safe when
    /// two nodes start at once (both may create the type and one then fails on pg_type's unique index): the nodes take
    /// turns by an advisory lock held until the commit.
    /// </summary>
    public string CreateTablesSql(string ddl) => IsPostgreSql
        ? $"BEGIN;\nSELECT pg_advisory_xact_lock({SchemaLock});\n{ddl}\nCOMMIT;"
        : ddl;

    private const long SchemaLock = 7402310;
}
