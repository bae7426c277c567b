using System.Data.Common;
using LinqToDB.Interceptors;

namespace Manager.Actors.Hosting;

/// <summary>
/// Sets SQLite's own busy timeout on every connection the journal and snapshot store open. SQLite allows one
/// writer per file; without a busy handler a second writer gets SQLITE_BUSY at once, and Microsoft.Data.Sqlite
/// then retries after sleeping 150 ms — a request-wide stall each time two writes meet (journal batches, a
/// snapshot, a worker proxy's write). SQLite's handler instead waits in steps of 1–100 ms for the lock.
/// </summary>
public sealed class SqliteBusyTimeout(int milliseconds) : ConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {milliseconds};";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
