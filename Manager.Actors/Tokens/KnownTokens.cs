namespace Manager.Actors.Tokens;

/// <summary>
/// This node's copy of the active tokens, read by every request's authentication: a hash lookup in memory, no
/// database read. Replaced by the <see cref="TokenStore"/> (and, in a cluster, this node's <see cref="TokenReplica"/>)
/// after each change; the table is immutable, so a reader never sees half a change.
/// </summary>
public sealed class KnownTokens
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private volatile TokenTable _table = TokenTable.Empty;
    private long _version = -1;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TokenTable Table => _table;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Completes when the first copy arrived (the store recovered): until then nobody can be authenticated.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Completes at the next change of this copy (a newer table taken).</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    public TokenRecord? Find(string hash) => _table.FindByHash(hash);

    /// <summary>Takes this copy unless a newer one is already here (versions only grow).</summary>
    public void Replace(TokenTable table, long version)
    {
        lock (_gate)
        {
            if (version < _version) return;
            // The table before its version: a reader that sees the new version sees the new table (AuthenticatedPrincipals).
            _table = table;
            Interlocked.Exchange(ref _version, version);
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        _loaded.TrySetResult();
    }
}
