using System.Net;
using Manager.Actors.Hosting;
using Manager.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Manager.Tests.Persistence;

/// <summary>
/// The SQLite journal gets the (persistence_id, sequence_number) index Akka.Persistence.Sql does not create, so
/// recovery and replay read by index instead of scanning every event (BENCHMARKS.md, recovery).
/// </summary>
public class SqliteJournalIndexTests
{
    private const string IndexName = "journal_persistence_id_sequence_number";

    [Fact]
    public async Task A_new_database_gets_the_index_once_the_journal_has_made_its_table()
    {
        using var dir = new TempDirectory("journal-index-new");
        await using (var host = await ManagerApp.StartAsync(dir.Path))
            await host.Client.RegisterId("render-01");

        Assert.True(HasIndex(dir.Path));
        Assert.Contains($"INDEX {IndexName}", QueryPlan(dir.Path, "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = 'task-dispatcher'"));
    }

    [Fact]
    public async Task A_database_written_without_the_index_gets_it_at_the_next_start_and_keeps_its_state()
    {
        using var dir = new TempDirectory("journal-index-old");
        long worker;
        await using (var host = await ManagerApp.StartAsync(dir.Path))
            worker = await host.Client.RegisterId("render-01");
        Execute(dir.Path, $"DROP INDEX {IndexName}");
        Assert.False(HasIndex(dir.Path));

        await using (var host = await ManagerApp.StartAsync(dir.Path))
            Assert.Equal(worker, (long)(await host.Client.Register("render-01", [], expected: HttpStatusCode.OK))["id"]!);

        Assert.True(HasIndex(dir.Path));
    }

    [Fact]
    public void The_journal_connections_keep_the_busy_timeout_beside_the_index()
    {
        var interceptors = ManagerActorsHosting.SqliteJournalOptions("Data Source=x.db").DataContextOptions.Interceptors ?? [];

        Assert.Contains(interceptors, i => i is SqliteBusyTimeout);
        Assert.Contains(interceptors, i => i is SqliteJournalIndex);
    }

    private static bool HasIndex(string directory) =>
        Scalar(directory, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{IndexName}'") is 1L;

    private static string QueryPlan(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read()) lines.Add(reader.GetString(3));
        return string.Join("\n", lines);
    }

    private static object? Scalar(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string directory, string sql)
    {
        using var connection = Open(directory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string directory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "manager.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}
