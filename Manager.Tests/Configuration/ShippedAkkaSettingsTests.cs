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

    /// <summary>
    /// Failover after a crash of the singletons' node waits for detection (the heartbeat pause), the split-brain resolver
    /// (stable-after) and the removal margin before the singletons start elsewhere (docs/cluster.md). The margin must be set:
    /// left "off", Akka uses stable-after again, which doubled the wait (≈ 50 s with the former 20 s). Together they fit the
    /// 10 s target with the detector's ≈ 1 s, the leader's removal and the singletons' recovery (Manager.Bench failover).
    /// </summary>
    [Fact]
    public void The_cluster_overlay_sets_failover_timings_for_a_lan_and_keeps_the_majority_resolver()
    {
        var hocon = Path.Combine(AppContext.BaseDirectory, "hocon");
        var cluster = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(hocon, "cluster.hocon")));

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", cluster.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", cluster.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        var pause = cluster.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause");
        var stableAfter = cluster.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after");
        Assert.NotEqual("off", cluster.GetString("akka.cluster.down-removal-margin"));
        var margin = cluster.GetTimeSpan("akka.cluster.down-removal-margin");
        Assert.True(margin > TimeSpan.Zero && margin < stableAfter, $"down-removal-margin {margin}");
        Assert.True(pause + stableAfter + margin <= TimeSpan.FromSeconds(6), $"pause {pause} + stable-after {stableAfter} + margin {margin}");
        Assert.True(pause >= TimeSpan.FromSeconds(2), "a heartbeat pause under 2 s takes a busy machine's stall for a crash");
    }
}
