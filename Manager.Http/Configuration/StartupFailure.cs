using System.Net.Sockets;

namespace Manager.Http.Configuration;

/// <summary>Turns the usual start-up failures into one line that says what to change.</summary>
public static class StartupFailure
{
    public static string? Describe(Exception e) => Innermost(e) switch
    {
        IOException io when io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"the HTTP address is already in use ({io.Message}); pass another with --urls http://localhost:PORT",
        SocketException s => $"cannot reach a network service at start ({s.Message}); check Persistence:ConnectionString and Cluster settings",
        Npgsql.NpgsqlException n => $"cannot reach PostgreSQL ({n.Message}); check Persistence:ConnectionString",
        Microsoft.Data.Sqlite.SqliteException q => $"cannot open the SQLite database ({q.Message}); check Persistence:ConnectionString",
        _ => null,
    };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
