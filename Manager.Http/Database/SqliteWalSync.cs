namespace Manager.Http.Database;

/// <summary>
/// Makes an SQLite commit durable after the commit has released the file's write lock. SQLite allows one writer
/// per file, and with <c>synchronous = FULL</c> (its default) a commit holds that lock through its fsync of the
/// write-ahead log — so the journal and the task log writer, two writers on one file, each waited for the other's
/// fsync (in SQLite's busy handler, which sleeps 1, 2, 5, 10 … ms). A transaction committed with
/// <c>synchronous = NORMAL</c> appends its frames to the WAL file without an fsync and frees the lock at once; the
/// fsync of the WAL file that follows (<see cref="Sync"/>) makes them durable, while the other writer goes on.
/// </summary>
/// <remarks>
/// Why this is as durable as FULL: the WAL is one file written in order, so an fsync after the commit covers the
/// commit's frames. If a checkpoint copied them into the database file in between, SQLite synced the WAL before
/// copying and the database file after, so they are durable already; the WAL is only reset or deleted after such a
/// checkpoint. SQLite takes no advisory locks on the WAL file (only on the database and its -shm file), so opening
/// and closing the WAL file here cannot drop a lock SQLite holds.
/// </remarks>
public sealed class SqliteWalSync
{
    private readonly string _walFile;
    private readonly Action<string> _fsync;

    /// <param name="databaseFile">The SQLite database file (in WAL journal mode).</param>
    /// <param name="fsync">Flushes the named file to disk; tests put in one they can hold back.</param>
    public SqliteWalSync(string databaseFile, Action<string>? fsync = null)
    {
        _walFile = Path.GetFullPath(databaseFile) + "-wal";
        _fsync = fsync ?? FlushToDisk;
    }

    /// <summary>Set on the connection before the transaction: its commit does not wait for the disk.</summary>
    public const string CommitWithoutFsync = "PRAGMA synchronous = NORMAL;";

    /// <summary>Set on the connection after the transaction, for whoever takes it from the pool next.</summary>
    public const string CommitWithFsync = "PRAGMA synchronous = FULL;";

    /// <summary>Flushes the WAL file to disk; call it after a commit made with <see cref="CommitWithoutFsync"/>, before answering.</summary>
    public void Sync() => _fsync(_walFile);

    private static void FlushToDisk(string file)
    {
        // The connection that committed is still open, so the WAL file exists (SQLite deletes it with the last connection).
        using var wal = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        wal.Flush(flushToDisk: true);
    }
}
