using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A cluster node's wake-up, with probes in place of the registry singleton and the worker shard region, and the
/// TestKit's <see cref="TestScheduler"/> as its clock. At its start it tells nobody (the registry wakes the proxies
/// after its own recovery); after a member was removed it asks the registry for every worker id, again every 3 s of
/// virtual time until the registry answers, then asks each worker's proxy for its view (any message starts a proxy),
/// a bounded number at a time, again and again for a proxy that does not answer, up to 20 rounds.
/// </summary>
/// <remarks>
/// A proxy that does not answer is noticed by the ask's own timeout, which Akka runs on real time, not on the
/// scheduler; the probe in place of the shard region fails the ask at once instead (<see cref="Status.Failure"/>).
/// The system runs the cluster provider because the wake-up subscribes to the cluster's events; the node joins no cluster.
/// </remarks>
public sealed class WorkerWakeUpTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a test waits (in real time) to see that nothing arrives.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly TestProbe _registry;
    private readonly TestProbe _workers;

    public WorkerWakeUpTests() : base(VirtualTime.Hocon + """

        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """)
    {
        _registry = CreateTestProbe();
        _workers = CreateTestProbe();
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task At_its_start_it_tells_nobody()
    {
        await Started();

        await _registry.ExpectNoMsgAsync(Quiet);
        await _workers.ExpectNoMsgAsync(Quiet);
        Scheduler.Advance(RetryAfter * 10);
        await _registry.ExpectNoMsgAsync(Quiet);
        await _workers.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task After_a_member_was_removed_it_asks_the_registry_and_wakes_every_workers_proxy_once_it_answers()
    {
        var wakeUp = await Started();

        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([3, 7, 12]));

        var asked = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            asked.Add((await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
            _workers.Reply(Outcome.Done(View(asked[^1])));
        }
        Assert.Equal([3L, 7L, 12L], asked.Order());

        // Every proxy answered, and the registry did: nothing more, however long.
        Scheduler.Advance(RetryAfter * 10);
        await _workers.ExpectNoMsgAsync(Quiet);
        await _registry.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_registry_that_does_not_answer_is_asked_again_every_3_s_until_it_does()
    {
        var wakeUp = await Started();
        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound); // lost: the singleton was moving

        Scheduler.Advance(RetryAfter - Tick);
        await _registry.ExpectNoMsgAsync(Quiet);
        Scheduler.Advance(Tick);
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);

        // A refusal is no answer either.
        _registry.Reply((Outcome<IReadOnlyList<long>>)new Refusal.Conflict("not ready"));
        await _workers.ExpectNoMsgAsync(Quiet);
        Scheduler.Advance(RetryAfter);
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);

        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([4]));
        Assert.Equal(4, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
        _workers.Reply(Outcome.Done(View(4)));
        Scheduler.Advance(RetryAfter * 3); // answered: the retry is off
        await _registry.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_proxy_that_fails_to_answer_is_woken_again_and_the_others_are_not()
    {
        var wakeUp = await Started();
        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([1, 2]));

        // Worker 1's proxy answers at once; worker 2's shard is still routed to the removed node twice.
        for (var i = 0; i < 2; i++)
        {
            var id = (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId;
            _workers.Reply(id == 1 ? Outcome.Done(View(1)) : Unreachable());
        }
        Assert.Equal(2, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
        _workers.Reply(Unreachable());
        Assert.Equal(2, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
        _workers.Reply(Outcome.Done(View(2)));

        await _workers.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_proxy_that_never_answers_is_given_up_after_20_wake_ups()
    {
        var wakeUp = await Started();
        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([9]));

        for (var round = 1; round <= 20; round++)
        {
            Assert.Equal(9, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
            _workers.Reply(Unreachable());
        }

        await _workers.ExpectNoMsgAsync(Quiet); // it starts with the worker's next request
    }

    [Fact]
    public async Task Each_removed_member_wakes_the_proxies_again()
    {
        var wakeUp = await Started();
        foreach (var _ in new[] { 1, 2 })
        {
            wakeUp.Tell(MemberRemoved());
            await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
            _registry.Reply(Outcome.Done<IReadOnlyList<long>>([5]));
            Assert.Equal(5, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
            _workers.Reply(Outcome.Done(View(5)));
        }
        await _workers.ExpectNoMsgAsync(Quiet);
    }

    /// <summary>The registry, back, answers every question the retries sent: one list is woken, not one per answer.</summary>
    [Fact]
    public async Task The_registry_s_answers_to_repeated_questions_wake_each_proxy_once()
    {
        var wakeUp = await Started();
        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        Scheduler.Advance(RetryAfter);
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);

        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([6]));
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([6]));

        Assert.Equal(6, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
        _workers.Reply(Outcome.Done(View(6)));
        await _workers.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task At_most_a_bounded_number_of_wake_ups_are_unanswered_at_a_time()
    {
        var wakeUp = await Started();
        wakeUp.Tell(MemberRemoved());
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        var ids = Enumerable.Range(1, WorkerWakeUp.MaxInFlight + 2).Select(i => (long)i).ToList();
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>(ids));

        var asked = new List<(long Id, IActorRef Asker)>();
        for (var i = 0; i < WorkerWakeUp.MaxInFlight; i++)
            asked.Add(((await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId, _workers.LastSender));
        await _workers.ExpectNoMsgAsync(Quiet); // the last two wait for answers

        asked[0].Asker.Tell(Outcome.Done(View(asked[0].Id)));
        Assert.Equal(WorkerWakeUp.MaxInFlight + 1, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
        await _workers.ExpectNoMsgAsync(Quiet);
        asked[1].Asker.Tell(Outcome.Done(View(asked[1].Id)));
        Assert.Equal(WorkerWakeUp.MaxInFlight + 2, (await _workers.ExpectMsgAsync<GetWorkerView>(Bound)).WorkerId);
    }

    /// <summary>A wake-up that has started (subscribed to the cluster's events, so its next message is the test's).</summary>
    private async Task<IActorRef> Started()
    {
        var wakeUp = Sys.ActorOf(WorkerWakeUp.Props(_registry.Ref, _workers.Ref));
        await wakeUp.Ask<ActorIdentity>(new Identify(null), Bound);
        return wakeUp;
    }

    /// <summary>
    /// The event the cluster sends when a member is gone. Akka makes members only internally; the wake-up reads nothing
    /// of the member but its address for the log, so this node's own member, removed, stands in for another node's.
    /// </summary>
    private ClusterEvent.MemberRemoved MemberRemoved()
    {
        var member = Akka.Cluster.Cluster.Get(Sys).SelfMember;
        return new ClusterEvent.MemberRemoved(member.Status == MemberStatus.Removed ? member : member.Copy(MemberStatus.Removed),
            MemberStatus.Exiting);
    }

    private static Status.Failure Unreachable() => new(new TimeoutException("the shard's node was removed"));

    private static WorkerView View(long id) =>
        new(new WorkerRecord(id, $"render-{id:00}", "Linux", null, [], [], null, true, DateTimeOffset.UnixEpoch), true, null, null);
}
