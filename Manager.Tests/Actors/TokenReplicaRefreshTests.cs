using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Manager.Actors.Tokens;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A node's token copy on virtual time, the token store and the pub-sub mediator being probes: the periodic refresh
/// fetches the table while no change arrives, and is skipped while changes follow the copy one after another.
/// </summary>
public sealed class TokenReplicaRefreshTests() : Akka.TestKit.Xunit2.TestKit(VirtualTime.Hocon)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_refresh_is_skipped_while_changes_follow_the_copy_and_made_once_they_stop()
    {
        var store = CreateTestProbe();
        var mediator = CreateTestProbe();
        var known = new KnownTokens();
        var replica = Sys.ActorOf(TokenReplica.Props(known, store.Ref, mediator.Ref, Refresh));
        await mediator.ExpectMsgAsync<Subscribe>();
        replica.Tell(new SubscribeAck(new Subscribe(TokenReplica.Topic, replica)));
        Assert.Equal(-1, (await store.ExpectMsgAsync<GetPublishedTokens>()).KnownVersion);
        replica.Tell(new TokensPublished([Token(1)], 1));
        await AwaitConditionAsync(() => Task.FromResult(known.Version == 1));

        Scheduler.Advance(Refresh);
        Assert.Equal(1, (await store.ExpectMsgAsync<GetPublishedTokens>()).KnownVersion); // quiet: fetched

        replica.Tell(new TokensChanged([Token(2)], [], 1, 2));
        await AwaitConditionAsync(() => Task.FromResult(known.Version == 2));
        Scheduler.Advance(Refresh);
        await store.ExpectNoMsgAsync(Quiet); // a change followed: skipped

        Scheduler.Advance(Refresh);
        Assert.Equal(2, (await store.ExpectMsgAsync<GetPublishedTokens>()).KnownVersion); // quiet again: fetched
    }

    private static TokenRecord Token(long id) =>
        new(id, $"token-{id}", TokenRole.Submitter, $"h{id}", null, DateTimeOffset.UnixEpoch, "root");
}
