using Manager.Http.Logs;
using Manager.Tests.Support;
using Microsoft.Data.Sqlite;
using static Manager.Tests.Logs.TaskLogStoreScenarios;

namespace Manager.Tests.Logs;

/// <summary>The task log store on a real SQLite file (the journal's, in a manager).</summary>
public sealed class SqliteTaskLogStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("manager-logs");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private string ConnectionString => $"Data Source={_dir.File("manager.db")}";

    private TaskLogStore Open(long maxBytes) => new(TaskLogDatabase.Sqlite(ConnectionString), maxBytes);

    [Fact] public Task Chunks_are_read_back_in_order() => Chunks_are_read_back_in_order_as_text_each_ending_a_line(Open);
    [Fact] public Task A_resent_chunk_is_stored_once() => A_resent_chunk_is_stored_once_and_a_late_chunk_of_a_superseded_assignment_not_at_all(Open);
    [Fact] public Task A_chunk_without_log_seq_is_always_stored() => A_chunk_without_log_seq_is_always_stored_and_does_not_forget_the_last_seq(Open);
    [Fact] public Task Deduplication_holds_after_a_restart() => Deduplication_holds_in_a_new_store_on_the_same_database(Open);
    [Fact] public Task Beyond_the_limit_one_marker_line() => Beyond_the_limit_chunks_are_dropped_behind_one_marker_line(Open);
    [Fact] public Task The_tail() => The_tail_is_the_last_whole_lines_within_the_bound(Open);
    [Fact] public Task A_reader_sees_the_log_as_when_opened() => A_reader_sees_the_log_as_it_was_when_opened_while_appends_go_on(Open);
    [Fact] public Task Delete() => Delete_removes_the_log_and_what_was_known_about_it(Open);
    [Fact] public Task Group_commit() => Concurrent_chunks_are_written_in_fewer_transactions_than_chunks(Open);
    [Fact] public Task Two_stores_on_one_file() => Two_stores_on_one_database_store_chunks_of_one_task_without_loss(Open);

    [Fact]
    public async Task A_chunk_that_cannot_be_written_throws_the_typed_exception_keeps_nothing_and_fails_no_other_chunk()
    {
        await using var store = Open(TaskLogStore.DefaultMaxBytesPerTask);
        await store.SchemaReadyAsync();
        await FailWritesOf(4);

        var chunks = Enumerable.Range(1, 8).Select(t => (Task: (long)t, Append: store.AppendAsync(t, 1, 1, $"task {t}"))).ToList();

        var e = await Assert.ThrowsAsync<TaskLogUnavailableException>(() => chunks.Single(c => c.Task == 4).Append);
        Assert.Equal(4, e.TaskId);
        Assert.IsAssignableFrom<IOException>(e);
        Assert.Contains("task 4", e.Message);
        foreach (var (task, append) in chunks.Where(c => c.Task != 4))
        {
            Assert.True(await append);
            Assert.Equal($"task {task}\n", await Text(store, task));
        }
        Assert.Null(await Text(store, 4));
    }

    /// <summary>A trigger in the database refuses every chunk of the task, as a full disk would.</summary>
    private async Task FailWritesOf(long taskId)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER fail_task_{taskId} BEFORE INSERT ON task_log_chunks WHEN NEW.task_id = {taskId} BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;";
        await command.ExecuteNonQueryAsync();
    }
}
