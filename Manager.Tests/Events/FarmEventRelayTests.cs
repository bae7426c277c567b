using System.Text;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Manager.Actors.Events;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using Manager.Http.Events;
using Manager.Http.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Manager.Tests.Events;

/// <summary>
/// A cluster node's relay of the farm's batches to its own event stream clients, with a probe in place of the pub-sub
/// mediator: before the first batch of each kind the clients are told to resync (batches published before the node's
/// subscription reached the publisher never came here); after that, batches pass as they are.
/// </summary>
public sealed class FarmEventRelayTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FarmEventHub _hub = new(Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()));
    private readonly FarmMetrics _metrics;

    public FarmEventRelayTests() => _metrics = new FarmMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    /// <summary>An event stream client of this node, and its listener (subscribed to the EventStream) running.</summary>
    private async Task<EventSubscription> ClientOfThisNode()
    {
        var client = _hub.Subscribe(lastEventId: null);
        var listener = Sys.ActorOf(FarmEventListener.Props(_hub, _metrics));
        await listener.Ask<ActorIdentity>(new Identify(null), Bound); // it subscribed to the EventStream in PreStart
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _metrics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Clients_resync_before_the_first_batch_of_each_kind_and_only_then()
    {
        using var client = await ClientOfThisNode();
        var mediator = CreateTestProbe();
        var relay = Sys.ActorOf(FarmEventRelay.Props(mediator.Ref));
        await mediator.ExpectMsgAsync<Subscribe>(Bound);

        relay.Tell(Changes(queued: 1));
        relay.Tell(Changes(queued: 2));
        relay.Tell(new WorkersChanged([], [5], WorkerCounts.None));
        relay.Tell(new WorkersChanged([], [6], WorkerCounts.None));
        relay.Tell(Changes(queued: 3));

        var frames = new List<string>();
        using var timeout = new CancellationTokenSource(Bound);
        while (frames.Count < 7) frames.Add(Encoding.UTF8.GetString((await client.Reader.ReadAsync(timeout.Token)).Bytes));

        Assert.Equal(["resync", "changes", "changes", "resync", "workers", "workers", "changes"], frames.Select(NameOf));
        Assert.Contains(FarmEventListener.RelayReachedReason, frames[0]);
        Assert.Contains("\"counts\":null", frames[0]); // nothing known yet: the next batch brings the counts
        Assert.Contains("\"queued\":2", frames[3]);    // the counts of the latest batch
        Assert.False(client.Reader.TryRead(out _));
    }

    [Fact]
    public async Task The_dispatcher_s_idleness_notices_go_to_the_node_s_view_and_not_to_its_event_stream()
    {
        using var client = await ClientOfThisNode();
        var view = new IdleFarmView();
        var relay = Sys.ActorOf(FarmEventRelay.Props(CreateTestProbe().Ref, view));

        relay.Tell(FarmIdleness.IdleNow);
        await Wait.Until(() => view.IsIdle, Bound, "the node's view says idle");
        relay.Tell(FarmIdleness.Busy);
        await Wait.Until(() => !view.IsIdle, Bound, "the node's view says busy");

        relay.Tell(Changes(queued: 1)); // the first batch: a resync, then the batch — no frame for the notices before it
        using var timeout = new CancellationTokenSource(Bound);
        Assert.Equal("resync", NameOf(Encoding.UTF8.GetString((await client.Reader.ReadAsync(timeout.Token)).Bytes)));
        Assert.Equal("changes", NameOf(Encoding.UTF8.GetString((await client.Reader.ReadAsync(timeout.Token)).Bytes)));
    }

    private static FarmChanges Changes(int queued) => new([], [], [], [], [],
        new FarmCounts(new Dictionary<string, int> { ["queued"] = queued }, new Dictionary<string, int>(), CompletionsPerMinute: 0));

    private static string NameOf(string frame) =>
        frame.Split('\n').Single(line => line.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..];
}
