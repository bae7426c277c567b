using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Support;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;
using static Manager.Tests.Support.DispatcherAsks;

namespace Manager.Tests.Actors;

/// <summary>
/// The dispatcher's side of a lost worker, on virtual time (the TestKit's <see cref="TestScheduler"/>, which is also the
/// dispatcher's clock for its availability): it declares no loss before it has itself been available for worker_timeout,
/// a repeated <see cref="WorkerLost"/> changes nothing and is answered again, capabilities are acknowledged; and with a real
/// proxy, a completion that waited through a dispatcher outage is accepted.
/// </summary>
public sealed class WorkerLossProtocolTests : JournalTestKit
{
    private static readonly TimeSpan Timeout = ManagerSettings.Defaults.WorkerTimeout;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly CurrentSettings _settings = new();

    public WorkerLossProtocolTests()
        : base("loss-test", VirtualTime.Hocon)
    {
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void A_dispatcher_may_declare_a_loss_only_once_it_has_been_available_for_the_timeout()
    {
        var since = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.False(WorkerConnection.MayDeclareLost(since, Timeout, since));
        Assert.False(WorkerConnection.MayDeclareLost(since, Timeout, since + Timeout - Tick));
        Assert.True(WorkerConnection.MayDeclareLost(since, Timeout, since + Timeout));
    }

    [Fact]
    public async Task A_dispatcher_available_for_less_than_the_timeout_declares_no_loss_and_requeues_nothing()
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        var task = await SubmitAndClaim(dispatcher, worker: 5);

        Scheduler.Advance(Timeout - Tick);
        var early = await Ask(dispatcher, new WorkerLost(5, "requeued: worker render-05 silent for 30 s", Delivery: 1));
        Assert.Equal(new WorkerLossAnswer(5, 1, Declared: false), early);
        Assert.Equal((TaskStatus.Rendering, 5L), await StatusAndHolder(dispatcher, task));

        Scheduler.Advance(Tick);
        var declared = await Ask(dispatcher, new WorkerLost(5, "requeued: worker render-05 silent for 30 s", Delivery: 2));
        Assert.Equal(new WorkerLossAnswer(5, 2, Declared: true), declared);
        Assert.Equal((TaskStatus.Queued, (long?)null), await StatusAndHolder(dispatcher, task));
    }

    [Fact]
    public async Task A_repeated_loss_changes_nothing_and_is_answered_again()
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        Scheduler.Advance(Timeout);
        var task = await SubmitAndClaim(dispatcher, worker: 5);
        var lost = new WorkerLost(5, "requeued: worker render-05 silent for 30 s", Delivery: 1);

        Assert.True((await Ask(dispatcher, lost)).Declared);
        var requeued = await Get(dispatcher, task);
        Assert.Equal(TaskStatus.Queued, requeued.Status);

        Assert.True((await Ask(dispatcher, lost)).Declared); // re-sent: the answer was lost on its way
        Assert.Equal(Json(requeued), Json(await Get(dispatcher, task)));

        // Another worker took the task meanwhile: a late repeat of worker 5's loss leaves it with worker 6.
        Assert.Equal(task, (await Ask(dispatcher, Manager.Tests.Tasks.RulesDriver.Worker(6))).TaskId);
        var taken = await Get(dispatcher, task);
        Assert.True((await Ask(dispatcher, lost)).Declared);
        Assert.Equal(Json(taken), Json(await Get(dispatcher, task)));
        Assert.Equal((TaskStatus.Rendering, 6L), (taken.Status, taken.WorkerId));
    }

    [Fact]
    public async Task Capabilities_are_acknowledged_with_their_version()
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        var noted = await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["blender_render"], [], Enabled: true, Version: 7));
        Assert.Equal(new CapabilitiesNoted(5, 7), noted);
        Assert.Equal(new CapabilitiesNoted(5, 7), await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["blender_render"], [], true, 7)));
    }

    /// <summary>
    /// What the dispatcher knows of the workers decides abandonment: an older copy of a worker's capabilities arriving late,
    /// or a copy re-sent by the proxy of a worker an operator removed, must not count as an eligible worker.
    /// </summary>
    [Theory]
    [InlineData("older copy")]
    [InlineData("removed worker")]
    public async Task Late_capabilities_do_not_make_a_worker_eligible_again(string late)
    {
        var dispatcher = await RecoveredDispatcher(Sys, _settings);
        await Ask(dispatcher, new WorkerCapabilities(5, "render-05", ["blender_render"], [], true, Version: 1));
        await Ask(dispatcher, new WorkerCapabilities(6, "render-06", ["blender_render"], [], true, Version: 1));
        if (late == "older copy")
        {
            await Ask(dispatcher, new WorkerCapabilities(6, "render-06", ["exec_command"], [], true, Version: 2));
            await Ask(dispatcher, new WorkerCapabilities(6, "render-06", ["blender_render"], [], true, Version: 1));
        }
        else
        {
            await Ask(dispatcher, new DropWorker(6, "requeued: worker render-06 was removed by root", "root"));
            await Ask(dispatcher, new WorkerCapabilities(6, "render-06", ["blender_render"], [], true, Version: 1));
        }
        var task = await SubmitAndClaim(dispatcher, worker: 5);

        var failed = new UpdateTaskFromWorker(task, 5, null, TaskStatus.Failed, null, null, null, null);
        Assert.Null((await dispatcher.Ask(failed, Bound)).Refusal);

        // Worker 5 failed it and no other known worker runs blender_render: abandoned, not queued for nobody.
        Assert.Equal(TaskStatus.Failed, (await Get(dispatcher, task)).Status);
    }

    /// <summary>
    /// The run this protects against: the worker sends its completion, the dispatcher goes away (a journal outage, its
    /// singleton moving) for longer than worker_timeout, and comes back. The request counted as contact; the proxy's
    /// report of silence reaches the new dispatcher before the held completion does, and the dispatcher, only just
    /// available, gives the worker a fresh grace period instead of requeuing its task: the completion is accepted.
    /// </summary>
    [Fact]
    public async Task A_completion_that_waited_through_a_dispatcher_outage_is_accepted()
    {
        var seen = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new Relay()));
        var first = await RecoveredDispatcher(Sys, _settings);
        relay.Tell(new Relay.Route(first, seen));
        Scheduler.Advance(Timeout); // the first dispatcher has long been available
        var proxy = Sys.ActorOf(WorkerProxy.Props(5, relay, _settings, new WorkerContacts()));
        Assert.Null((await proxy.Ask(new ApplyRegistration(5, "render-05", "Linux", null, [], [], null), Bound)).Refusal);
        await seen.FishForMessageAsync<WorkerCapabilities>(_ => true, Bound);
        var task = (await Ask(first, Submit())).Task.Id;
        var held = await proxy.Ask(new ReportWorkerStatus(5, WorkerReportedStatus.Available, null, null, null, null), Bound);
        Assert.Equal(task, held.Value!.TaskId);
        var assignment = (await Get(first, task)).Assignment;

        // The worker sends its completion: the HTTP layer tells the proxy (contact) and asks the dispatcher, which is gone.
        relay.Tell(new Relay.Route(null, seen));
        await StopAndWait(first);
        proxy.Tell(new WorkerHeard(5, null));
        await View(proxy);

        Scheduler.Advance(Timeout); // silent since the completion, for the timeout: reported, dropped
        await seen.FishForMessageAsync<WorkerLost>(_ => true, Bound);
        Scheduler.Advance(Timeout); // and re-sent, dropped, while the outage lasts
        Assert.True((await View(proxy)).Online); // nobody declared it lost

        var second = await RecoveredDispatcher(Sys, _settings);
        Assert.Equal((TaskStatus.Rendering, 5L), await StatusAndHolder(second, task));
        var back = CreateTestProbe();
        relay.Tell(new Relay.Route(second, back));
        Scheduler.Advance(WorkerProxy.ResendInterval);
        await back.ExpectMsgAsync<WorkerLost>(Bound); // in the new dispatcher's mailbox, before the completion
        Assert.Equal((TaskStatus.Rendering, 5L), await StatusAndHolder(second, task)); // answered after that loss

        var completion = new UpdateTaskFromWorker(task, 5, assignment, TaskStatus.Completed, null, null, null, 12.5);
        Assert.Null((await second.Ask(completion, Bound)).Refusal);
        var done = await Get(second, task);
        Assert.Equal((TaskStatus.Completed, 5L), (done.Status, done.WorkerId!.Value));
        Assert.DoesNotContain(done.History!, h => h.Reason.Contains("silent"));
        Assert.True((await View(proxy)).Online); // a fresh grace period
        Scheduler.Advance(WorkerProxy.ResendInterval * 2);
        await back.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // the loss was answered: not sent again
    }

    private static SubmitTask Submit() => Manager.Tests.Tasks.RulesDriver.Blender();

    private static async Task<long> SubmitAndClaim(IActorRef dispatcher, long worker)
    {
        var task = (await Ask(dispatcher, Submit())).Task.Id;
        Assert.Equal(task, (await Ask(dispatcher, Manager.Tests.Tasks.RulesDriver.Worker(worker))).TaskId);
        return task;
    }

    private static Task<TaskRecord> Get(IActorRef dispatcher, long task) => Ask(dispatcher, new GetTask(task));

    private static Task<WorkerView> View(IActorRef proxy) => Ask(proxy, new GetWorkerView(5));

    private static string Json(TaskRecord task) => System.Text.Json.JsonSerializer.Serialize(task);

    /// <summary>
    /// Stands between the proxy and the dispatcher as the backoff supervisor (or a singleton proxy) does: forwards to the
    /// current incarnation, drops what arrives while there is none; then tells <c>Seen</c> what it was sent (so a test that
    /// saw it knows it is in the dispatcher's mailbox already).
    /// </summary>
    private sealed class Relay : ReceiveActor
    {
        public sealed record Route(IActorRef? Target, IActorRef Seen);

        private Route _route = new(null, ActorRefs.Nobody);

        public Relay()
        {
            Receive<Route>(r => _route = r);
            ReceiveAny(message =>
            {
                _route.Target?.Forward(message);
                _route.Seen.Tell(message);
            });
        }
    }
}
