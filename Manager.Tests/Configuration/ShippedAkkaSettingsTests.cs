using Akka.Actor;
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
    }
}
