using Manager.Actors.Hosting;
using Npgsql;

namespace Manager.Tests.Configuration;

/// <summary>A manager's PostgreSQL pool is bounded so that three nodes fit PostgreSQL's default max_connections, unless the operator's connection string says otherwise.</summary>
public sealed class PostgresPoolTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_manager_s_bound_and_keeps_everything_else()
    {
        var bounded = new NpgsqlConnectionStringBuilder(PostgresPool.Bounded("Host=db.example;Username=manager;Password='p;w=d';Database=farm"));

        Assert.Equal(PostgresPool.DefaultMaxPoolSize, bounded.MaxPoolSize);
        Assert.Equal(("db.example", "manager", "p;w=d", "farm"), (bounded.Host, bounded.Username, bounded.Password, bounded.Database));
        Assert.True(3 * PostgresPool.DefaultMaxPoolSize <= 100 - 3, "three nodes fit PostgreSQL's default max_connections");
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80")]
    [InlineData("Host=db;maximum pool size=80")]
    [InlineData("Host=db;MaxPoolSize=80")]
    public void An_operator_s_own_pool_size_stands(string connectionString)
    {
        Assert.Equal(connectionString, PostgresPool.Bounded(connectionString));
        Assert.Equal(80, new NpgsqlConnectionStringBuilder(PostgresPool.Bounded(connectionString)).MaxPoolSize);
    }
}
