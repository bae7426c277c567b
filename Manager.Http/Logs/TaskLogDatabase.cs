using System.Data;
using System.Data.Common;
using Manager.Http.Database;

namespace Manager.Http.Logs;

/// <summary>
/// Task logs in the journal's database (SQLite file or PostgreSQL), so every node reads every log. Two tables:
/// <c>task_log_chunks</c> holds the text, one row per stored chunk, numbered 1, 2, 3, … per task (<c>chunk</c>) and
/// unique per (task_id, assignment, log_seq); <c>task_logs</c> holds one row per task with its <see cref="TaskLogEnd"/>.
/// On PostgreSQL a write locks the task's <c>task_logs</c> row, so two nodes storing chunks of one task number them in
/// turn; an SQLite transaction holds the file's write lock from its start (Microsoft.Data.Sqlite begins IMMEDIATE).
/// </summary>
/// <remarks>Text is stored as bytes (BLOB / BYTEA): PostgreSQL's text type cannot hold a NUL a render may print.</remarks>
public sealed class TaskLogDatabase
{
    private readonly JournalDatabase _database;
    private readonly string[] _schema;
    private readonly bool _lockRows;

    private TaskLogDatabase(JournalDatabase database, string[] schema, bool lockRows)
    {
        _database = database;
        _schema = schema;
        _lockRows = lockRows;
    }

    public static TaskLogDatabase Sqlite(string connectionString) => In(JournalDatabase.Sqlite(connectionString));

    public static TaskLogDatabase PostgreSql(string connectionString) => In(JournalDatabase.PostgreSql(connectionString));

    /// <summary>The task logs' tables in <paramref name="database"/>.</summary>
    public static TaskLogDatabase In(JournalDatabase database) => database.IsPostgreSql
        ? new TaskLogDatabase(database,
        [
            database.CreateTablesSql("""
            CREATE TABLE IF NOT EXISTS task_logs (
              task_id BIGINT PRIMARY KEY, chunks BIGINT NOT NULL, text_bytes BIGINT NOT NULL,
              last_assignment BIGINT NOT NULL, last_log_seq BIGINT NOT NULL, limit_reached BIGINT NOT NULL);
            CREATE TABLE IF NOT EXISTS task_log_chunks (
              task_id BIGINT NOT NULL, chunk BIGINT NOT NULL, assignment BIGINT NOT NULL, log_seq BIGINT, text BYTEA NOT NULL,
              PRIMARY KEY (task_id, chunk));
            CREATE UNIQUE INDEX IF NOT EXISTS task_log_chunks_sent ON task_log_chunks (task_id, assignment, log_seq);
            """),
        ], lockRows: true)
        : new TaskLogDatabase(database,
        [
            "PRAGMA journal_mode=WAL;",
            database.CreateTablesSql("""
            CREATE TABLE IF NOT EXISTS task_logs (
              task_id INTEGER PRIMARY KEY, chunks INTEGER NOT NULL, text_bytes INTEGER NOT NULL,
              last_assignment INTEGER NOT NULL, last_log_seq INTEGER NOT NULL, limit_reached INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS task_log_chunks (
              task_id INTEGER NOT NULL, chunk INTEGER NOT NULL, assignment INTEGER NOT NULL, log_seq INTEGER, text BLOB NOT NULL,
              PRIMARY KEY (task_id, chunk));
            CREATE UNIQUE INDEX IF NOT EXISTS task_log_chunks_sent ON task_log_chunks (task_id, assignment, log_seq);
            """),
        ], lockRows: false);

    /// <summary>Creates the tables when missing (both statements are idempotent).</summary>
    public async Task CreateSchemaAsync(CancellationToken cancel = default)
    {
        await using var connection = await _database.OpenAsync(cancel);
        foreach (var sql in _schema)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancel);
        }
    }

    /// <summary>
    /// Stores the chunks in one transaction, each by <see cref="TaskLogEnd.Decide"/>, and answers each one's outcome in
    /// order. Tasks are locked in ascending id order, so two nodes' batches never wait for each other in a circle.
    /// </summary>
    public Task<TaskLogOutcome[]> WriteAsync(IReadOnlyList<TaskLogChunk> chunks, long maxTextBytes, byte[] limitMarker) =>
        _database.WriteAsync((connection, transaction) => WriteAsync(connection, transaction, chunks, maxTextBytes, limitMarker));

    private async Task<TaskLogOutcome[]> WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TaskLogChunk> chunks,
        long maxTextBytes, byte[] limitMarker)
    {
        var outcomes = new TaskLogOutcome[chunks.Count];
        // PostgreSQL: a row to lock, also for a task's first chunk (a row that does not exist cannot be locked).
        await using var ensure = _lockRows
            ? Command(connection, transaction,
                "INSERT INTO task_logs (task_id, chunks, text_bytes, last_assignment, last_log_seq, limit_reached) VALUES (@task, 0, 0, 0, 0, 0) ON CONFLICT (task_id) DO NOTHING",
                ("task", DbType.Int64))
            : null;
        await using var select = Command(connection, transaction,
            "SELECT chunks, text_bytes, last_assignment, last_log_seq, limit_reached FROM task_logs WHERE task_id = @task" + (_lockRows ? " FOR UPDATE" : ""),
            ("task", DbType.Int64));
        await using var insert = Command(connection, transaction,
            "INSERT INTO task_log_chunks (task_id, chunk, assignment, log_seq, text) VALUES (@task, @chunk, @assignment, @seq, @text) ON CONFLICT DO NOTHING",
            ("task", DbType.Int64), ("chunk", DbType.Int64), ("assignment", DbType.Int64), ("seq", DbType.Int64), ("text", DbType.Binary));
        await using var update = Command(connection, transaction,
            """
            INSERT INTO task_logs (chunks, text_bytes, last_assignment, last_log_seq, limit_reached, task_id) VALUES (@chunks, @bytes, @assignment, @seq, @limit, @task)
            ON CONFLICT (task_id) DO UPDATE SET chunks = excluded.chunks, text_bytes = excluded.text_bytes,
              last_assignment = excluded.last_assignment, last_log_seq = excluded.last_log_seq, limit_reached = excluded.limit_reached
            """,
            ("chunks", DbType.Int64), ("bytes", DbType.Int64), ("assignment", DbType.Int64), ("seq", DbType.Int64), ("limit", DbType.Int64),
            ("task", DbType.Int64));

        foreach (var task in Enumerable.Range(0, chunks.Count).GroupBy(i => chunks[i].TaskId).OrderBy(g => g.Key))
        {
            if (ensure is not null)
            {
                ensure.Parameters[0].Value = task.Key;
                await ensure.ExecuteNonQueryAsync();
            }
            select.Parameters[0].Value = task.Key;
            var before = await ReadEndAsync(select) ?? TaskLogEnd.Empty;
            var end = before;
            foreach (var i in task)
            {
                var decision = end.Decide(chunks[i], maxTextBytes, limitMarker);
                if (decision.Text is { } text)
                {
                    insert.Parameters[0].Value = task.Key;
                    insert.Parameters[1].Value = decision.After.Chunks;
                    insert.Parameters[2].Value = chunks[i].Assignment;
                    insert.Parameters[3].Value = decision.Outcome == TaskLogOutcome.Stored ? (object?)chunks[i].LogSeq ?? DBNull.Value : DBNull.Value;
                    insert.Parameters[4].Value = text;
                    if (await insert.ExecuteNonQueryAsync() == 0)
                    {
                        outcomes[i] = TaskLogOutcome.Repeat; // its (assignment, log_seq) row exists: stored once
                        continue;
                    }
                }
                outcomes[i] = decision.Outcome;
                end = decision.After;
            }
            if (end == before) continue;
            update.Parameters[0].Value = end.Chunks;
            update.Parameters[1].Value = end.TextBytes;
            update.Parameters[2].Value = end.Assignment;
            update.Parameters[3].Value = end.Seq;
            update.Parameters[4].Value = end.LimitReached ? 1L : 0L;
            update.Parameters[5].Value = task.Key;
            await update.ExecuteNonQueryAsync();
        }
        return outcomes;
    }

    /// <summary>The task's log end, or null when nothing was ever stored for it.</summary>
    public async Task<TaskLogEnd?> EndAsync(long taskId, CancellationToken cancel = default)
    {
        await using var connection = await _database.OpenAsync(cancel);
        await using var select = Command(connection, null,
            "SELECT chunks, text_bytes, last_assignment, last_log_seq, limit_reached FROM task_logs WHERE task_id = @task", ("task", DbType.Int64));
        select.Parameters[0].Value = taskId;
        return await ReadEndAsync(select, cancel);
    }

    /// <summary>The texts of chunks <paramref name="after"/> + 1 … <paramref name="upTo"/>, at most <paramref name="limit"/>, ascending (or descending from <paramref name="upTo"/>).</summary>
    public async Task<List<byte[]>> ReadChunksAsync(long taskId, long after, long upTo, int limit, bool descending = false,
        CancellationToken cancel = default)
    {
        await using var connection = await _database.OpenAsync(cancel);
        await using var select = Command(connection, null,
            $"SELECT text FROM task_log_chunks WHERE task_id = @task AND chunk > @after AND chunk <= @upto ORDER BY chunk {(descending ? "DESC" : "ASC")} LIMIT @limit",
            ("task", DbType.Int64), ("after", DbType.Int64), ("upto", DbType.Int64), ("limit", DbType.Int32));
        select.Parameters[0].Value = taskId;
        select.Parameters[1].Value = after;
        select.Parameters[2].Value = upTo;
        select.Parameters[3].Value = limit;
        var texts = new List<byte[]>();
        await using var reader = await select.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel)) texts.Add((byte[])reader.GetValue(0));
        return texts;
    }

    public async Task DeleteAsync(long taskId)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var table in new[] { "task_logs", "task_log_chunks" }) // the task's row first, in the order writers lock
        {
            await using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE task_id = @task", ("task", DbType.Int64));
            delete.Parameters[0].Value = taskId;
            await delete.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<TaskLogEnd?> ReadEndAsync(DbCommand select, CancellationToken cancel = default)
    {
        await using var reader = await select.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel)) return null;
        return new TaskLogEnd(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4) != 0);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
