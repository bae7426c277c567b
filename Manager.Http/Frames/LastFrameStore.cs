using System.Data;
using System.Data.Common;
using Manager.Http.Database;

namespace Manager.Http.Frames;

/// <summary>
/// The latest frame of each job, in the journal's database (SQLite file or PostgreSQL) beside the task logs, so every
/// node of a cluster serves it and a restart keeps it; pictures are not facts, so they are not journal events. One row
/// per job in <c>job_last_frames</c>, replaced by each frame stored.
/// </summary>
public sealed class LastFrameStore
{
    public const long DefaultMaxBytes = 256 * 1024;

    private readonly JournalDatabase _database;
    private readonly string _schema;
    private Task? _schemaReady;

    /// <summary>The table in <paramref name="database"/> (shared with the task logs: one PostgreSQL pool).</summary>
    public LastFrameStore(JournalDatabase database, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _database = database;
        var (integer, bytes) = database.IsPostgreSql ? ("BIGINT", "BYTEA") : ("INTEGER", "BLOB");
        _schema = database.CreateTablesSql($"""
            CREATE TABLE IF NOT EXISTS job_last_frames (
              job_id {integer} PRIMARY KEY, task_id {integer} NOT NULL, frame {integer} NOT NULL, stored_at_ms {integer} NOT NULL,
              etag TEXT NOT NULL, jpeg {bytes} NOT NULL);
            """);
        MaxBytes = maxBytes;
    }

    /// <summary>The largest picture accepted (Manager:MaxLastFrameBytes); larger is 413.</summary>
    public long MaxBytes { get; }

    /// <summary>Stores <paramref name="frame"/> as its job's latest, replacing the one before.</summary>
    /// <exception cref="LastFrameUnavailableException">Not stored.</exception>
    public Task StoreAsync(LastFrame frame) => Run(frame.JobId, "stored", async connection =>
    {
        await using var upsert = Command(connection,
            """
            INSERT INTO job_last_frames (job_id, task_id, frame, stored_at_ms, etag, jpeg) VALUES (@job, @task, @frame, @at, @etag, @jpeg)
            ON CONFLICT (job_id) DO UPDATE SET task_id = excluded.task_id, frame = excluded.frame,
              stored_at_ms = excluded.stored_at_ms, etag = excluded.etag, jpeg = excluded.jpeg
            """,
            ("job", DbType.Int64, frame.JobId), ("task", DbType.Int64, frame.TaskId), ("frame", DbType.Int64, frame.Frame),
            ("at", DbType.Int64, frame.StoredAt.ToUnixTimeMilliseconds()), ("etag", DbType.String, frame.ETag), ("jpeg", DbType.Binary, frame.Jpeg));
        await upsert.ExecuteNonQueryAsync();
        return true;
    });

    /// <summary>The job's latest frame, or null when none was stored.</summary>
    /// <exception cref="LastFrameUnavailableException">Not readable.</exception>
    public Task<LastFrame?> ReadAsync(long jobId) => Run<LastFrame?>(jobId, "read", async connection =>
    {
        await using var select = Command(connection,
            "SELECT task_id, frame, stored_at_ms, etag, jpeg FROM job_last_frames WHERE job_id = @job", ("job", DbType.Int64, jobId));
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new LastFrame(jobId, reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(4),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3));
    });

    /// <summary>Removes a deleted job's frame (nothing when it had none).</summary>
    /// <exception cref="LastFrameUnavailableException">Not removed.</exception>
    public Task DeleteAsync(long jobId) => Run(jobId, "deleted", async connection =>
    {
        await using var delete = Command(connection, "DELETE FROM job_last_frames WHERE job_id = @job", ("job", DbType.Int64, jobId));
        await delete.ExecuteNonQueryAsync();
        return true;
    });

    /// <summary>Creates the table when missing; once done, done (a failure is tried again on the next call).</summary>
    public Task SchemaReadyAsync()
    {
        var ready = _schemaReady;
        if (ready is null || ready.IsFaulted || ready.IsCanceled) _schemaReady = ready = CreateSchemaAsync();
        return ready;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = _schema;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> Run<T>(long jobId, string what, Func<DbConnection, Task<T>> work)
    {
        try
        {
            await SchemaReadyAsync();
            await using var connection = await _database.OpenAsync();
            return await work(connection);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            throw new LastFrameUnavailableException(jobId, e, what);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, DbType Type, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.DbType = type;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
