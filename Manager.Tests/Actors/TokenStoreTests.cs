using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Manager.Actors.Common;
using Manager.Actors.Tokens;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// The token store on a real SQLite journal, and a cluster node's replica driven by probes in place of the store and
/// the pub-sub mediator.
/// </summary>
public sealed class TokenStoreTests() : JournalTestKit("token-store-test")
{
    [Fact]
    public async Task A_change_is_in_this_nodes_copy_before_it_is_answered_and_survives_a_restart()
    {
        var known = new KnownTokens();
        var store = Sys.ActorOf(TokenStore.Props(known));
        await known.Loaded.WaitAsync(Bound);

        await Ask(store, new IssueToken("pipeline", TokenRole.Submitter, "h-sub", null, "root"));
        Assert.Equal("pipeline", known.Find("h-sub")?.Name);
        await Ask(store, new IssueToken("worker render-01", TokenRole.Worker, "h-w1", 1, "enroll"));
        await Ask(store, new RevokeToken(1, "root"));
        Assert.Null(known.Find("h-sub"));

        Watch(store);
        store.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(store, Bound);
        var recovered = new KnownTokens();
        Sys.ActorOf(TokenStore.Props(recovered));
        await recovered.Loaded.WaitAsync(Bound);

        Assert.Null(recovered.Find("h-sub"));
        Assert.Equal(2, recovered.Find("h-w1")?.Id);
        Assert.Equal(2, recovered.Table.OfWorker(1)?.Id);
        Assert.Equal(known.Version, recovered.Version);
    }

    [Fact]
    public async Task Every_persisted_change_is_published_with_the_versions_it_goes_between()
    {
        var published = CreateTestProbe();
        var store = Sys.ActorOf(TokenStore.Props(new KnownTokens(), changed => published.Ref.Tell(changed)));

        await Ask(store, new IssueToken("pipeline", TokenRole.Submitter, "h-sub", null, "root"));
        var issued = await published.ExpectMsgAsync<TokensChanged>(Bound);
        await Ask(store, new RevokeToken(1, "root"));
        var revoked = await published.ExpectMsgAsync<TokensChanged>(Bound);

        Assert.Equal(("pipeline", 0L, 1L), (Assert.Single(issued.Issued).Name, issued.FromVersion, issued.ToVersion));
        Assert.Equal([1L], revoked.Revoked);
        Assert.Equal((1L, 2L), (revoked.FromVersion, revoked.ToVersion));
    }

    [Fact]
    public async Task A_replica_applies_changes_that_follow_its_copy_and_fetches_the_table_after_a_gap()
    {
        var store = CreateTestProbe();
        var mediator = CreateTestProbe();
        var known = new KnownTokens();
        var replica = Sys.ActorOf(TokenReplica.Props(known, store.Ref, mediator.Ref, TimeSpan.FromHours(1)));
        await mediator.ExpectMsgAsync<Subscribe>(Bound);
        replica.Tell(new SubscribeAck(new Subscribe(TokenReplica.Topic, replica)));
        Assert.Equal(-1, (await store.ExpectMsgAsync<GetPublishedTokens>(Bound)).KnownVersion);
        var alice = new TokenRecord(1, "alice", TokenRole.Submitter, "h1", null, DateTimeOffset.UnixEpoch, "root");
        replica.Tell(new TokensPublished([alice], 1));
        await AwaitConditionAsync(() => Task.FromResult(known.Version == 1), Bound);

        // The next change follows version 1: applied as it is.
        var bob = alice with { Id = 2, Name = "bob", Hash = "h2" };
        replica.Tell(new TokensChanged([bob], [1], 1, 2));
        await AwaitConditionAsync(() => Task.FromResult(known.Version == 2), Bound);
        Assert.Null(known.Find("h1"));
        Assert.Equal("bob", known.Find("h2")?.Name);

        // A change from version 3 to 4 while this copy is at 2 (3 was missed): fetch the whole table instead.
        replica.Tell(new TokensChanged([alice with { Id = 4, Hash = "h4" }], [], 3, 4));
        Assert.Equal(2, (await store.ExpectMsgAsync<GetPublishedTokens>(Bound)).KnownVersion);
        Assert.Equal(2, known.Version);
        replica.Tell(new TokensPublished([bob], 4)); // token 3 was issued and revoked meanwhile, and 4 ... revoked too
        await AwaitConditionAsync(() => Task.FromResult(known.Version == 4), Bound);
        Assert.Equal([2L], known.Table.ById.Keys);

        // An older copy never replaces a newer one.
        replica.Tell(new TokensPublished([alice], 3));
        replica.Tell(new TokensUnchanged(4));
        await store.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal([2L], known.Table.ById.Keys);
    }

    private static Task<Outcome<TValue>> Ask<TValue>(IActorRef actor, IAsk<TValue> message) => actor.Ask(message, Bound);
}
