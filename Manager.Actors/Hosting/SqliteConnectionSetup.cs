using System.Data.Common;
using LinqToDB.Interceptors;

namespace Manager.Actors.Hosting;

/// <summary>Something to run on every SQLite connection the journal or snapshot store opens, sync or async alike.</summary>
public abstract class SqliteConnectionSetup : ConnectionInterceptor
{
    protected abstract void Opened(DbConnection connection);

    public sealed override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Opened(connection);

    public sealed override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Opened(connection);
        return Task.CompletedTask;
    }
}
