using System.Data.Common;

namespace Manager.Actors.Hosting;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the journal and snapshot store open. SQLite allows one
/// writer per file; without a busy handler a second writer gets SQLITE_BUSY at once, and Microsoft.Data.Sqlite
/// then retries after sleeping 150 ms — a request-wide stall each time two writes meet (journal batches, a
/// snapshot, a worker proxy's write). SQLite's handler instead waits in steps of 1–100 ms for the lock.
/// </summary>
public sealed class SqliteBusyTimeout(int milliseconds) : SqliteConnectionSetup
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {milliseconds};";

    protected override void Opened(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
