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
/// a worker silent up to worker_timeout is reported to it as <see cref="WorkerLost"/>, once.
/// </summary>
public sealed class WorkerSilenceTests : JournalTestKit
{
    private static readonly TimeSpan Timeout = ManagerSettings.Defaults.WorkerTimeout;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    /// <summary>How long a test waits (in real time) to see that nothing arrives.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private readonly CurrentSettings _settings = new();
    private readonly TestProbe _dispatcher;

    public WorkerSilenceTests()
        : base("silence-test", """akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """) =>
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
        Assert.False((await View(proxy)).Online);

        Scheduler.Advance(Timeout * 3);
        await ExpectNoLoss(); // told once, not again while it stays silent
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
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);

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

    [Fact]
    public async Task A_restarted_proxy_gives_its_worker_a_fresh_grace_period()
    {
        var first = await RegisteredProxy();
        await StopAndWait(first);
        Scheduler.Advance(Timeout * 2); // nobody heard the worker while no proxy ran, for longer than the timeout

        var second = Proxy();
        await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound); // recovered (and armed)
        Assert.True((await View(second)).Online);
        Scheduler.Advance(Timeout - Tick);
        await ExpectNoLoss();
        Scheduler.Advance(Tick);
        await _dispatcher.ExpectMsgAsync<WorkerLost>(Bound);
    }

    private IActorRef Proxy() => Sys.ActorOf(WorkerProxy.Props(5, _dispatcher.Ref, _settings));

    /// <summary>A proxy of a freshly registered worker, its silence timer armed (the dispatcher has heard its capabilities).</summary>
    private async Task<IActorRef> RegisteredProxy()
    {
        var proxy = Proxy();
        Assert.Null((await proxy.Ask(new ApplyRegistration(5, "render-05", "Linux", null, ["blender_render"], [], null), Bound)).Refusal);
        await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        return proxy;
    }

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
}
