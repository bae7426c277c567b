using Manager.Actors.Hosting;
using Manager.Actors.Tasks;
using Microsoft.Data.Sqlite;

namespace Manager.Bench;

/// <summary>
/// How many events a recovery of the dispatcher replays: from its last snapshot (manager.snapshots.db) to the end
/// of its journal (manager.db). The recovery figure depends on it, and it can be anything up to the snapshot
/// interval, so the bench prints it beside the time.
/// </summary>
public static class JournalTail
{
    public static (long JournalEnd, long? SnapshotAt) Of(string journalFile)
    {
        // The manager's own rule for where its snapshots go by default.
        var snapshots = new SqliteConnectionStringBuilder(SqliteFile.SnapshotsBeside($"Data Source={journalFile}")).DataSource;
        var end = MaxSequence(journalFile, "journal") ?? 0;
        return (end, File.Exists(snapshots) ? MaxSequence(snapshots, "snapshot") : null);
    }

    private static long? MaxSequence(string file, string table)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MAX(sequence_number) FROM {table} WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", TaskDispatcher.Id);
        return command.ExecuteScalar() is long n ? n : null;
    }
}
