using Manager.Http.Logs;
using Manager.Tests.Cluster;
using static Manager.Tests.Logs.TaskLogStoreScenarios;

namespace Manager.Tests.Logs;

/// <summary>The task log store on a real PostgreSQL database of its own (as the nodes of a cluster use it).</summary>
public sealed class PostgresTaskLogStoreTests : IAsyncLifetime
{
    private TestDatabase? _db;

    public async Task InitializeAsync()
    {
        if (TestPostgres.FromEnvironment is not null || TestPostgres.Reachable.Value) _db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }

    private TaskLogStore Open(long maxBytes) => new(TaskLogDatabase.PostgreSql(_db!.ConnectionString), maxBytes);

    [PostgresFact] public Task Chunks_are_read_back_in_order() => Chunks_are_read_back_in_order_as_text_each_ending_a_line(Open);
    [PostgresFact] public Task A_resent_chunk_is_stored_once() => A_resent_chunk_is_stored_once_and_a_late_chunk_of_a_superseded_assignment_not_at_all(Open);
    [PostgresFact] public Task A_chunk_without_log_seq_is_always_stored() => A_chunk_without_log_seq_is_always_stored_and_does_not_forget_the_last_seq(Open);
    [PostgresFact] public Task Deduplication_holds_in_another_store() => Deduplication_holds_in_a_new_store_on_the_same_database(Open);
    [PostgresFact] public Task Beyond_the_limit_one_marker_line() => Beyond_the_limit_chunks_are_dropped_behind_one_marker_line(Open);
    [PostgresFact] public Task The_tail() => The_tail_is_the_last_whole_lines_within_the_bound(Open);
    [PostgresFact] public Task A_reader_sees_the_log_as_when_opened() => A_reader_sees_the_log_as_it_was_when_opened_while_appends_go_on(Open);
    [PostgresFact] public Task Delete() => Delete_removes_the_log_and_what_was_known_about_it(Open);
    [PostgresFact] public Task Group_commit() => Concurrent_chunks_are_written_in_fewer_transactions_than_chunks(Open);
    [PostgresFact] public Task Two_nodes_on_one_database() => Two_stores_on_one_database_store_chunks_of_one_task_without_loss(Open);
}
