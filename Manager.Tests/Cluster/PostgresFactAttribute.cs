using Npgsql;

namespace Manager.Tests.Cluster;

/// <summary>
/// A fact that needs PostgreSQL. The server comes from MANAGER_TEST_POSTGRES (scripts/test.sh sets it). When that is
/// unset and no PostgreSQL answers on the default address, the test is skipped with a message — except under CI=true,
/// where it runs (and fails), so a missing database never passes unnoticed. When MANAGER_TEST_POSTGRES is set it always runs.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.FromEnvironment is not null) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) return;
        if (!TestPostgres.Reachable.Value)
            Skip = $"PostgreSQL is not reachable: MANAGER_TEST_POSTGRES is unset and nothing answers at {TestPostgres.Default} (run scripts/test.sh, or set MANAGER_TEST_POSTGRES)";
    }
}

/// <summary>The test server and one fresh database per test (created here, dropped on dispose).</summary>
public static class TestPostgres
{
    /// <summary>scripts/test.sh's server, the same the bench falls back to.</summary>
    public const string Default = Manager.Bench.ClusterOptions.DefaultPostgres;

    public static string? FromEnvironment => Environment.GetEnvironmentVariable("MANAGER_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static string ConnectionString => FromEnvironment ?? Default;

    public static readonly Lazy<bool> Reachable = new(() =>
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 3 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    });
}

/// <summary>A database of its own for one test: <c>manager_cluster_&lt;guid&gt;</c>, dropped (with its connections) on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"manager_cluster_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestPostgres.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestPostgres.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        // FORCE cannot end an autovacuum worker (it runs as the superuser: 42501) that happens to be in the new database;
        // it finishes within moments, so the drop is tried again until it goes through, for at most 30 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse
                                              && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
