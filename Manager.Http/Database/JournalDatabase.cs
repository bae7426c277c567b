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
    private readonly SqliteWalSync? _walSync;

    private JournalDatabase(Func<CancellationToken, Task<DbConnection>> open, SqliteWalSync? walSync)
    {
        _open = open;
        _walSync = walSync;
    }

    public bool IsPostgreSql => _walSync is null;

    /// <summary>An open connection; the caller disposes it. Its commits are durable when they return.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancel = default) => _open(cancel);

    /// <summary>
    /// Runs <paramref name="write"/> in one transaction and answers once that is committed and on disk. On SQLite the
    /// commit frees the file's write lock before the disk is flushed (<see cref="SqliteWalSync"/>): the journal's
    /// writes, on the same file, do not wait for this one's fsync.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write)
    {
        await using var connection = await OpenAsync();
        if (_walSync is not null) await ExecuteAsync(connection, SqliteWalSync.CommitWithoutFsync, CancellationToken.None);
        T result;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            result = await write(connection, transaction);
            await transaction.CommitAsync();
        }
        _walSync?.Sync();
        return result;
    }

    /// <summary>The SQLite file of <paramref name="connectionString"/> (its folder is created when missing).</summary>
    /// <param name="fsync">Flushes a file to disk (<see cref="SqliteWalSync"/>); tests put in one they can hold back.</param>
    public static JournalDatabase Sqlite(string connectionString, Action<string>? fsync = null)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        return new JournalDatabase(async cancel =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancel);
            // SQLite's own busy handler waits for the journal's write lock (the journal sets the same on its connections);
            // a pooled connection may come back from WriteAsync with its commits' fsync off: every opening turns it on.
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000; " + SqliteWalSync.CommitWithFsync, cancel);
            return connection;
        }, new SqliteWalSync(path, fsync));
    }

    public static JournalDatabase PostgreSql(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        return new JournalDatabase(async cancel => await source.OpenConnectionAsync(cancel), walSync: null);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancel)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancel);
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
