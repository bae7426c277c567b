using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A cluster node's exchange of contacts (the mediator and the shard region are probes, time is virtual): each interval
/// it publishes the workers its node heard since the last batch, notes the other nodes' in its table, and tells a proxy
/// the contact it watches for.
/// </summary>
public sealed class WorkerContactExchangeTests() : Akka.TestKit.Xunit2.TestKit(VirtualTime.Hocon)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task The_node_s_contacts_go_to_the_others_once_per_interval_and_theirs_are_noted_here()
    {
        var contacts = new WorkerContacts();
        var mediator = CreateTestProbe();
        var workers = CreateTestProbe();
        var exchange = Sys.ActorOf(WorkerContactExchange.Props(contacts, mediator.Ref, workers.Ref));
        Assert.Equal(WorkerContactExchange.Topic, (await mediator.ExpectMsgAsync<Subscribe>(Bound)).Topic);
        mediator.Reply(new SubscribeAck(new Subscribe(WorkerContactExchange.Topic, exchange)));

        contacts.Heard(1, null, nowMs: 1_000);
        contacts.Heard(2, null, nowMs: 2_000);
        await AdvanceUntilPublished(mediator); // the timer starts with the acknowledgement
        var published = await mediator.ExpectMsgAsync<Publish>(Bound);
        var batch = Assert.IsType<WorkerContactsHeard>(published.Message);
        Assert.Equal([1L, 2L], batch.WorkerIds);
        Assert.Equal([1_000L, 2_000L], batch.AtMs);
        Scheduler.Advance(WorkerContactExchange.Interval);
        await mediator.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // nothing heard since: nothing sent

        contacts.Watch(4);
        var otherNode = CreateTestProbe();
        exchange.Tell(new WorkerContactsHeard([3, 4], [3_000, 4_000]), otherNode.Ref);
        Assert.Equal(new WorkerHeard(4, null), await workers.ExpectMsgAsync<WorkerHeard>(Bound)); // watched: told to its proxy
        await workers.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // worker 3's proxy reads the table
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(3_000), contacts.LastHeard(3));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(4_000), contacts.LastHeard(4));
    }

    /// <summary>Moves virtual time an interval at a time until the exchange has published (its timer is armed once it has
    /// taken the acknowledgement in, which the test cannot observe otherwise).</summary>
    private Task AdvanceUntilPublished(TestProbe mediator) =>
        Wait.Until(() =>
        {
            Scheduler.Advance(WorkerContactExchange.Interval);
            return mediator.HasMessages;
        }, Bound, "the exchange publishes its node's contacts");
}
