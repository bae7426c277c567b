using System.Data.Common;

namespace Manager.Actors.Hosting;

/// <summary>
/// Adds the index every journal read needs. Akka.Persistence.Sql creates the SQLite journal table with only its
/// `ordering` key (PostgreSQL gets a unique (persistence_id, sequence_number) constraint), so each recovery's
/// "highest sequence number" and each replay batch scanned the whole journal: with 1,000,000 events that is
/// ≈ 0.25 s per query, seconds for a dispatcher recovery and two scans for every worker registration.
/// The journal creates its table on its first connection, so this tries on each connection the journal opens
/// until the index exists (cheap: one statement, and the flag stops it after that).
/// </summary>
public sealed class SqliteJournalIndex : SqliteConnectionSetup
{
    /// <summary>Akka.Persistence.Sql's default journal table and columns (hocon/manager.hocon keeps the defaults).</summary>
    private const string Statement =
        "CREATE INDEX IF NOT EXISTS journal_persistence_id_sequence_number ON journal (persistence_id, sequence_number)";

    /// <summary>A journal that cannot take the index (e.g. a read-only file) stops being asked after this many tries.</summary>
    private const int MaxAttempts = 1000;
    private int _attempts;
    private volatile bool _exists;

    protected override void Opened(DbConnection connection)
    {
        if (_exists || Interlocked.Increment(ref _attempts) > MaxAttempts) return;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = Statement;
            command.ExecuteNonQuery();
            _exists = true;
        }
        catch (DbException)
        {
            // No journal table yet (a new database): the next connection tries again.
        }
    }
}
