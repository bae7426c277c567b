using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// Worker silence on virtual time: the proxy's clock and timer are the actor system's scheduler, here the TestKit's
/// <see cref="TestScheduler"/>, so a test moves time forward instead of waiting for it. The dispatcher is a probe:
/// a worker silent up to worker_timeout is reported to it as <see cref="WorkerLost"/>, re-sent until it answers; the
/// worker is offline once the dispatcher declares it lost, and gets a fresh grace period when the dispatcher answers
/// that it has not been available for the whole timeout. Any request of the worker counts (<see cref="WorkerHeard"/>).
/// </summary>
public sealed class WorkerSilenceTests : JournalTestKit
{
    private static readonly TimeSpan Timeout = ManagerSettings.Defaults.WorkerTimeout;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a test waits (in real time) to see that nothing arrives.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly CurrentSettings _settings = new();
    private readonly WorkerContacts _contacts = new();
    private readonly TestProbe _dispatcher;

    public WorkerSilenceTests()
        : base("silence-test", VirtualTime.Hocon) =>
        _dispatcher = CreateTestProbe();

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_worker_silent_up_to_the_timeout_is_lost_and_not_a_moment_before()
    {
        var proxy = await RegisteredProxy();

        Scheduler.Advance(Timeout - Tick);
        await ExpectNoLoss();

        Scheduler.Advance(Tick);
        var lost = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
        Assert.Equal(5, lost.WorkerId);
        Assert.Equal($"requeued: worker render-05 silent for {(int)Timeout.TotalSeconds} s", lost.Reason);
        Assert.True((await View(proxy)).Online); // reported, not declared: the dispatcher decides
        Answer(lost, declared: true);
        Assert.False((await View(proxy)).Online);

        Scheduler.Advance(Timeout * 3);
        await ExpectNoLoss(); // answered once, not told again while it stays silent
    }

    [Fact]
    public async Task Contact_told_by_the_http_layer_moves_the_deadline()
    {
        var proxy = await RegisteredProxy();

        Scheduler.Advance(Timeout - TimeSpan.FromSeconds(1));
        proxy.Tell(new WorkerHeard(5, "10.0.0.5")); // e.g. a task update or a log chunk: nothing goes to the dispatcher
        var view = await View(proxy);
        Assert.Equal("10.0.0.5", view.Record.IpAddress);

        Scheduler.Advance(TimeSpan.FromSeconds(1)); // the first deadline passes
        await ExpectNoLoss();
        Scheduler.Advance(Timeout - TimeSpan.FromSeconds(1) - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    /// <summary>What a request leaves on the node (<see cref="WorkerContacts"/>), with no message to the proxy, counts as contact.</summary>
    [Fact]
    public async Task A_request_noted_in_the_node_s_contacts_moves_the_deadline_without_a_message()
    {
        var proxy = await RegisteredProxy();

        Scheduler.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.True(_contacts.Heard(5, "10.0.0.5", NowMs())); // the first request on this node: news, told by the HTTP layer
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        var polledAt = NowMs();
        Assert.False(_contacts.Heard(5, "10.0.0.5", polledAt)); // a poll a second later: noted only

        Scheduler.Advance(Timeout - Tick); // a whole timeout after the first deadline, less a tick, from the last request
        await ExpectNoLoss();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(polledAt), (await View(proxy)).LastSeen); // last_seen: the request noted
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    [Fact]
    public async Task Once_a_silent_worker_is_reported_its_next_request_is_news_and_brings_it_back_online()
    {
        var proxy = await RegisteredProxy();
        _contacts.Heard(5, null, NowMs());
        Scheduler.Advance(Timeout);
        var lost = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
        Answer(lost, declared: true);
        Assert.False((await View(proxy)).Online);

        Scheduler.Advance(Timeout);
        Assert.True(_contacts.Heard(5, null, NowMs())); // watched: to be told to the proxy, though not the first request here
        proxy.Tell(new WorkerHeard(5, null));
        Assert.True((await View(proxy)).Online);
        Assert.False(_contacts.Heard(5, null, NowMs())); // one message, then noted only again
    }

    [Fact]
    public async Task A_removed_worker_reported_silent_leaves_nothing_watched_in_the_contacts()
    {
        var proxy = await RegisteredProxy();
        _contacts.Heard(5, null, NowMs());
        Scheduler.Advance(Timeout);
        Answer(await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound), declared: true); // the proxy watches for its next request

        Assert.Null((await proxy.Ask(new DeregisterWorker(5, "operator"), Bound)).Refusal);
        Assert.Null(_contacts.LastHeard(5));
        Assert.Equal(0, _contacts.Count);
    }

    [Fact]
    public async Task A_request_noted_at_the_deadline_keeps_the_worker_online()
    {
        var proxy = await RegisteredProxy();
        _contacts.Heard(5, null, NowMs());

        Scheduler.Advance(Timeout - Tick);
        _contacts.HeardElsewhere(5, NowMs() + 1); // another node's request, shared just before the deadline
        Scheduler.Advance(Tick);
        await ExpectNoLoss();
        Assert.True((await View(proxy)).Online);
    }

    [Fact]
    public async Task An_unanswered_loss_is_sent_again_until_answered_and_the_worker_stays_online_meanwhile()
    {
        var proxy = await RegisteredProxy();
        Scheduler.Advance(Timeout);
        var first = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);

        for (var i = 0; i < 3; i++) // the dispatcher does not answer: it is restarting, or its singleton is moving
        {
            Scheduler.Advance(WorkerProxy.ResendInterval - Tick);
            await ExpectNoLoss();
            Scheduler.Advance(Tick);
            Assert.Equal(first, await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound)); // the same loss, the same number
            Assert.True((await View(proxy)).Online);
        }

        Answer(first, declared: true);
        Assert.False((await View(proxy)).Online);
        Scheduler.Advance(WorkerProxy.ResendInterval * 4);
        await ExpectNoLoss(); // answered: not sent again
    }

    [Fact]
    public async Task A_dispatcher_not_yet_available_for_the_timeout_gives_the_worker_a_fresh_grace_period()
    {
        var proxy = await RegisteredProxy();
        Scheduler.Advance(Timeout);
        var lost = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);

        Answer(lost, declared: false); // the dispatcher is back, but for less than the timeout
        Assert.True((await View(proxy)).Online);
        Scheduler.Advance(Timeout - Tick); // a whole timeout from the answer, and no resend meanwhile
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        var again = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
        Assert.NotEqual(lost.Delivery, again.Delivery);

        Answer(again, declared: true);
        Assert.False((await View(proxy)).Online);
    }

    [Fact]
    public async Task Contact_before_the_answer_abandons_the_loss_and_a_late_answer_is_ignored()
    {
        var proxy = await RegisteredProxy();
        Scheduler.Advance(Timeout);
        var lost = await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);

        proxy.Tell(new WorkerHeard(5, null));
        Assert.True((await View(proxy)).Online); // taken in (at this moment of virtual time)
        Scheduler.Advance(WorkerProxy.ResendInterval);
        await ExpectNoLoss(); // not sent again
        Answer(lost, declared: true); // it was on its way already
        Assert.True((await View(proxy)).Online);

        Scheduler.Advance(Timeout - WorkerProxy.ResendInterval - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick); // watched again from the contact
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    [Fact]
    public async Task A_heartbeat_before_the_deadline_moves_it()
    {
        var proxy = await RegisteredProxy();

        Scheduler.Advance(Timeout - TimeSpan.FromSeconds(1));
        await Heartbeat(proxy);

        Scheduler.Advance(TimeSpan.FromSeconds(1)); // the first deadline passes: the proxy heard the worker since
        await ExpectNoLoss();
        Scheduler.Advance(Timeout - TimeSpan.FromSeconds(1) - Tick);
        await ExpectNoLoss();
        Assert.True((await View(proxy)).Online);

        Scheduler.Advance(Tick); // the timeout after the heartbeat
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    [Fact]
    public async Task A_lost_worker_heard_again_is_online_and_watched_again()
    {
        var proxy = await RegisteredProxy();
        Scheduler.Advance(Timeout);
        Answer(await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound), declared: true);
        Assert.False((await View(proxy)).Online);

        await Heartbeat(proxy);
        Assert.True((await View(proxy)).Online);
        Scheduler.Advance(Timeout - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    [Fact]
    public async Task Lowering_the_timeout_brings_an_armed_deadline_forward()
    {
        var proxy = await RegisteredProxy(); // armed with the default timeout
        var lowered = TimeSpan.FromSeconds(2);

        await ChangeTimeout(proxy, lowered);
        Scheduler.Advance(lowered - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick); // long before the old deadline
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    [Fact]
    public async Task Raising_the_timeout_pushes_an_armed_deadline_back()
    {
        var proxy = await RegisteredProxy();
        var raised = Timeout * 4;

        await ChangeTimeout(proxy, raised);
        Scheduler.Advance(Timeout); // the old deadline
        await ExpectNoLoss();
        Scheduler.Advance(raised - Timeout - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    /// <summary>A node starts and stops tens of thousands of proxies: one that stopped must not stay among the listeners.</summary>
    [Fact]
    public async Task A_proxy_listens_to_the_settings_while_it_runs_and_not_after()
    {
        var proxy = await RegisteredProxy();
        Assert.Equal(1, _settings.Listeners);

        await StopAndWait(proxy);
        Assert.Equal(0, _settings.Listeners);
    }

    [Fact]
    public async Task A_restarted_proxy_gives_its_worker_a_fresh_grace_period()
    {
        var first = await RegisteredProxy();
        await StopAndWait(first);
        Scheduler.Advance(Timeout * 2); // nobody heard the worker while no proxy ran, for longer than the timeout

        var second = Proxy();
        Acknowledge(await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound)); // recovered (and armed)
        Assert.True((await View(second)).Online);
        Scheduler.Advance(Timeout - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    /// <summary>The proxy started last (the one the dispatcher probe answers).</summary>
    private IActorRef _proxy = ActorRefs.Nobody;

    /// <summary>What may wait for a cluster node's batch (<see cref="WorkerNoticeBatcher"/>) and what may not.</summary>
    [Fact]
    public async Task The_directory_hears_news_at_once_and_a_moved_last_seen_or_a_refresh_answer_as_able_to_wait()
    {
        var directory = CreateTestProbe();
        var proxy = _proxy = Sys.ActorOf(WorkerProxy.Props(5, _dispatcher.Ref, _settings, _contacts, directory.Ref));
        Assert.Null((await proxy.Ask(new ApplyRegistration(5, "render-05", "Linux", null, ["blender_render"], [], null), Bound)).Refusal);
        Acknowledge(await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound));
        Assert.False((await NextShown(directory)).MayWait); // registered

        proxy.Tell(new WorkerHeard(5, "10.0.0.5"));
        Assert.False((await NextShown(directory)).MayWait); // first contact, from a new address

        Scheduler.Advance(WorkerProxy.LastSeenResolution);
        proxy.Tell(new WorkerHeard(5, "10.0.0.5"));
        Assert.True((await NextShown(directory)).MayWait); // only last_seen moved

        proxy.Tell(new ShowWorker(5));
        Assert.True((await NextShown(directory)).MayWait); // the directory's refresh
    }

    private static async Task<WorkerShown> NextShown(TestProbe directory) =>
        (WorkerShown)await directory.FishForMessageAsync(m => m is WorkerShown, Bound);

    private IActorRef Proxy() => _proxy = Sys.ActorOf(WorkerProxy.Props(5, _dispatcher.Ref, _settings, _contacts));

    /// <summary>A proxy of a freshly registered worker, its silence timer armed (the dispatcher has heard its capabilities).</summary>
    private async Task<IActorRef> RegisteredProxy()
    {
        var proxy = Proxy();
        Assert.Null((await proxy.Ask(new ApplyRegistration(5, "render-05", "Linux", null, ["blender_render"], [], null), Bound)).Refusal);
        Acknowledge(await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound));
        return proxy;
    }

    /// <summary>The dispatcher notes the capabilities (else the proxy would send them again).</summary>
    private void Acknowledge(WorkerCapabilities told) => _dispatcher.Reply(Outcome.Done(new CapabilitiesNoted(told.WorkerId, told.Version)));

    /// <summary>The dispatcher answers the loss the proxy reported.</summary>
    private void Answer(WorkerLost lost, bool declared) =>
        _dispatcher.Send(_proxy, Outcome.Done(new WorkerLossAnswer(lost.WorkerId, lost.Delivery, declared)));

    /// <summary>The worker polls (what a heartbeat is); the proxy has taken it in once the dispatcher sees the claim.</summary>
    private async Task Heartbeat(IActorRef proxy)
    {
        proxy.Tell(new ReportWorkerStatus(5, WorkerReportedStatus.Available, null, null, null, null, null));
        await _dispatcher.ExpectMsgAsync<ClaimTask>(Bound);
    }

    /// <summary>Publishes the new settings as the settings replica does, and waits until the proxy has taken them in.</summary>
    private async Task ChangeTimeout(IActorRef proxy, TimeSpan timeout)
    {
        _settings.Replace(ManagerSettings.Defaults with { WorkerTimeoutSeconds = (int)timeout.TotalSeconds }, Sys.EventStream);
        await View(proxy); // answered after the SettingsUpdated ahead of it in the mailbox
    }

    private static async Task<WorkerView> View(IActorRef proxy)
    {
        var outcome = await proxy.Ask(new GetWorkerView(5), Bound);
        Assert.Null(outcome.Refusal);
        return outcome.Value!;
    }

    private async Task ExpectNoLoss() => await _dispatcher.ExpectNoMsgAsync(Quiet);

    /// <summary>The actor system's clock (virtual here) as the HTTP layer reads it for <see cref="WorkerContacts.Heard"/>.</summary>
    private long NowMs() => Scheduler.Now.ToUnixTimeMilliseconds();
}
