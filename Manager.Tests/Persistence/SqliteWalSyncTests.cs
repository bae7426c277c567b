using Manager.Http.Database;
using Manager.Http.Logs;
using Manager.Tests.Support;
using static Manager.Tests.Logs.TaskLogStoreScenarios;
using Microsoft.Data.Sqlite;

namespace Manager.Tests.Persistence;

/// <summary>
/// Task log writes on the journal's SQLite file: the commit frees the file's write lock before the disk is flushed,
/// and the answer waits for the flush of the WAL file.
/// </summary>
public sealed class SqliteWalSyncTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new("manager-wal-sync");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string DatabaseFile => _dir.File("manager.db");

    private string ConnectionString => $"Data Source={DatabaseFile}";

    [Fact]
    public async Task A_log_write_answers_after_the_WAL_is_flushed_and_another_writer_need_not_wait_for_that_flush()
    {
        using var flushStarted = new ManualResetEventSlim();
        using var flushMayEnd = new ManualResetEventSlim();
        var flushed = new List<string>();
        var database = JournalDatabase.Sqlite(ConnectionString, fsync: file =>
        {
            lock (flushed) flushed.Add(file);
            flushStarted.Set();
            flushMayEnd.Wait(Bound);
        });
        await using var store = new TaskLogStore(TaskLogDatabase.In(database));
        await store.SchemaReadyAsync();

        var append = store.AppendAsync(1, 1, 1, "Fra:1 Mem:1M");
        Assert.True(flushStarted.Wait(Bound), "the WAL was never flushed");
        Assert.Equal([DatabaseFile + "-wal"], flushed);

        // While the flush is under way: the chunk is not acknowledged yet, but its transaction has ended — another
        // connection (the journal's, in a manager) takes the write lock without waiting.
        Assert.False(append.IsCompleted);
        await using (var journal = new SqliteConnection(ConnectionString))
        {
            await journal.OpenAsync();
            await using var write = journal.CreateCommand();
            write.CommandText = "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; CREATE TABLE journal_write (x INTEGER); COMMIT;";
            await write.ExecuteNonQueryAsync();
        }
        Assert.False(append.IsCompleted);

        flushMayEnd.Set();
        Assert.True(await append.WaitAsync(Bound));
        Assert.Equal("Fra:1 Mem:1M\n", await Text(store, 1));
    }

    [Fact]
    public async Task A_connection_taken_from_the_pool_after_a_log_write_commits_with_fsync_again()
    {
        var database = JournalDatabase.Sqlite(ConnectionString);
        await using var store = new TaskLogStore(TaskLogDatabase.In(database));
        await store.AppendAsync(1, 1, 1, "chunk");

        await using var next = await database.OpenAsync();
        await using var query = next.CreateCommand();
        query.CommandText = "PRAGMA synchronous;";
        Assert.Equal(2L, (long)(await query.ExecuteScalarAsync())!); // FULL: LastFrameStore's writes rely on it
    }

    [Fact]
    public async Task The_real_flush_writes_through_the_WAL_file_of_the_database()
    {
        var database = JournalDatabase.Sqlite(ConnectionString);
        await using var store = new TaskLogStore(TaskLogDatabase.In(database));

        Assert.True(await store.AppendAsync(1, 1, 1, "chunk"));
        Assert.True(File.Exists(DatabaseFile + "-wal"));
        Assert.Equal("chunk\n", await Text(store, 1));
    }
}
