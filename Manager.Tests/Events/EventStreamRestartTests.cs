using Manager.Tests.Support;

namespace Manager.Tests.Events;

/// <summary>An event id of the stream before a manager restart is answered with a resync by the manager after it.</summary>
public sealed class EventStreamRestartTests
{
    [Fact]
    public async Task After_a_restart_the_last_event_id_of_before_gets_a_resync()
    {
        using var dir = new TempDirectory("events-restart");
        string lastSeen;
        await using (var before = await ManagerApp.StartAsync(dir.Path))
        {
            await using var events = await ServerSentEvents.OpenAsync(before.Client);
            lastSeen = (await events.NextAsync(TimeSpan.FromSeconds(10))).Id!;
        }

        await using var after = await ManagerApp.StartAsync(dir.Path);
        await using var resumed = await ServerSentEvents.OpenAsync(after.Client, lastSeen);
        var first = await resumed.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("resync", first.Name);
        Assert.Equal("the events after the last id are not available here", (string?)first.Data["reason"]);
        Assert.NotEqual(lastSeen, first.Id);
    }
}
