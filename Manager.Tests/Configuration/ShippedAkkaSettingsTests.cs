using Akka.Actor;
using Akka.Configuration;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Configuration;

/// <summary>
/// The journal settings in hocon/manager.hocon are measured choices (BENCHMARKS.md). Akka.Hosting writes its own
/// journal configuration too, so this checks that ours is what the running Manager's journal actually reads.
/// </summary>
public class ShippedAkkaSettingsTests
{
    [Fact]
    public async Task The_running_journal_reads_the_shipped_settings()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);
        var config = app.Services.GetRequiredService<ActorSystem>().Settings.Config;

        var journal = config.GetString("akka.persistence.journal.plugin");
        Assert.Equal("akka.persistence.journal.sql", journal);
        Assert.False(config.GetBoolean($"{journal}.use-clone-connection", true));
        Assert.True(config.GetBoolean($"{journal}.prefer-parameters-on-multirow-insert", false));
        Assert.Equal("read-uncommitted", config.GetString($"{journal}.read-isolation-level"));
        Assert.Equal(20, config.GetInt($"{journal}.db-round-trip-max-batch-size"));
    }

    /// <summary>The 20-row statements are for SQLite's parameter-name lookup; the cluster overlay (PostgreSQL) restores the library's default.</summary>
    [Fact]
    public void The_cluster_overlay_writes_postgresql_batches_in_the_librarys_round_trips()
    {
        var hocon = Path.Combine(AppContext.BaseDirectory, "hocon");
        var manager = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(hocon, "manager.hocon")));
        var cluster = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(hocon, "cluster.hocon"))).WithFallback(manager);

        Assert.Equal(20, manager.GetInt("akka.persistence.journal.sql.db-round-trip-max-batch-size"));
        Assert.Equal(1000, cluster.GetInt("akka.persistence.journal.sql.db-round-trip-max-batch-size"));
    }
}
