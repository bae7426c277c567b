using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A worker's capabilities have one owner, its proxy: the dispatcher (a probe here) only hears them from it, with every
/// claim and whenever they change, and a restarted proxy tells them again. Told on their own they are re-sent every
/// <see cref="WorkerProxy.ResendInterval"/> until the dispatcher acknowledges them (<see cref="CapabilitiesNoted"/>);
/// virtual time (the TestKit's <see cref="TestScheduler"/>) moves the resend timer.
/// </summary>
public sealed class WorkerCapabilitiesProtocolTests : JournalTestKit
{
    private readonly CurrentSettings _settings = new();
    private readonly TestProbe _dispatcher;

    public WorkerCapabilitiesProtocolTests()
        : base("capabilities-test", VirtualTime.Hocon) =>
        _dispatcher = CreateTestProbe();

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task Capabilities_are_sent_again_until_the_dispatcher_acknowledges_them()
    {
        var proxy = Proxy();
        await Register(proxy, ["blender_render"], []);
        var told = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);

        for (var i = 0; i < 3; i++) // dropped: the dispatcher is between two incarnations
        {
            Scheduler.Advance(WorkerProxy.ResendInterval - TimeSpan.FromMilliseconds(1));
            await _dispatcher.ExpectNoMsgAsync(Quiet);
            Scheduler.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Same(told, await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound));
        }

        _dispatcher.Reply(Outcome.Done(new CapabilitiesNoted(5, told.Version)));
        await View(proxy); // the acknowledgement is taken in
        Scheduler.Advance(WorkerProxy.ResendInterval * 2); // (still within worker_timeout of the registration)
        await _dispatcher.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Only_the_newest_capabilities_are_sent_again_and_only_their_acknowledgement_stops_it()
    {
        var proxy = Proxy();
        await Register(proxy, ["blender_render"], []);
        var older = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        var reRegistered = proxy.Ask(Registration(["exec_command"], []), Bound); // answered once the newer ones are noted
        var newer = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.True(newer.Version > older.Version, $"versions {older.Version} then {newer.Version}");

        _dispatcher.Send(proxy, Outcome.Done(new CapabilitiesNoted(5, older.Version))); // a late acknowledgement of the older
        await View(proxy);
        Scheduler.Advance(WorkerProxy.ResendInterval);
        Assert.Same(newer, await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound));
        await _dispatcher.ExpectNoMsgAsync(Quiet); // not the older ones

        _dispatcher.Send(proxy, Outcome.Done(new CapabilitiesNoted(5, newer.Version)));
        Assert.Null((await reRegistered).Refusal);
        Scheduler.Advance(WorkerProxy.ResendInterval * 2);
        await _dispatcher.ExpectNoMsgAsync(Quiet);
    }

    /// <summary>
    /// A worker's polls go straight to the dispatcher, served with the capabilities it holds: a re-registration that changed
    /// them is answered only once the dispatcher has noted them, so the worker's next poll cannot be served with the old ones.
    /// </summary>
    [Fact]
    public async Task A_re_registration_is_answered_once_the_dispatcher_has_noted_what_it_changed()
    {
        var proxy = Proxy();
        await Register(proxy, ["blender_render"], []);
        Acknowledge(await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound));

        var reRegistered = proxy.Ask(Registration(["exec_command"], []), Bound);
        var changed = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.Equal(["exec_command"], changed.SupportedTypes);
        await View(proxy); // the proxy goes on serving meanwhile
        Assert.False(reRegistered.IsCompleted, "the re-registration was answered before the dispatcher noted the change");

        var repeated = proxy.Ask(Registration(["exec_command"], []), Bound); // the agent retried: nothing changes, it waits too
        await View(proxy);
        Assert.False(repeated.IsCompleted, "a repeated re-registration was answered before the dispatcher noted the change");

        Acknowledge(changed);
        Assert.Null((await reRegistered).Refusal);
        Assert.Null((await repeated).Refusal);
        Assert.Null((await proxy.Ask(Registration(["exec_command"], []), Bound)).Refusal); // noted: answered at once
    }

    [Fact]
    public async Task The_proxy_tells_the_dispatcher_its_capabilities_and_sends_them_with_every_claim()
    {
        var proxy = Proxy();
        await Register(proxy, ["blender_render"], ["gpu"]);
        var told = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.Equal((5L, "render-05", true), (told.WorkerId, told.Hostname, told.Enabled));
        Assert.Equal(["blender_render"], told.SupportedTypes);
        Assert.Equal(["gpu"], told.Tags);

        proxy.Tell(Report(WorkerReportedStatus.Available));
        Assert.Same(told, (await _dispatcher.ExpectMsgAsync<ClaimTask>(Bound)).Worker);
        proxy.Tell(Report(WorkerReportedStatus.Available));
        Assert.Same(told, (await _dispatcher.ExpectMsgAsync<ClaimTask>(Bound)).Worker);
    }

    [Fact]
    public async Task A_change_of_registration_or_switch_is_told_at_once_and_claims_carry_it()
    {
        var proxy = Proxy();
        await Register(proxy, [], []);
        await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);

        var reRegistered = proxy.Ask(Registration(["exec_command"], ["cpu"]), Bound);
        var changed = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.Equal(["exec_command"], changed.SupportedTypes);
        Acknowledge(changed);
        Assert.Null((await reRegistered).Refusal);

        proxy.Tell(Report(WorkerReportedStatus.Disabled, by: "root"));
        var disabled = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.False(disabled.Enabled);
        Assert.Equal(["cpu"], disabled.Tags);
        await _dispatcher.ExpectMsgAsync<GetHeldTask>(Bound);

        proxy.Tell(Report(WorkerReportedStatus.Available));
        Assert.Same(disabled, (await _dispatcher.ExpectMsgAsync<ClaimTask>(Bound)).Worker);
    }

    [Fact]
    public async Task A_restarted_proxy_tells_the_capabilities_it_recovered()
    {
        var first = Proxy();
        await Register(first, ["blender_render"], ["gpu"]);
        first.Tell(Report(WorkerReportedStatus.Disabled, by: "root"));
        await _dispatcher.FishForMessageAsync<GetHeldTask>(_ => true, Bound);
        await StopAndWait(first);

        Proxy();

        var told = await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound);
        Assert.False(told.Enabled);
        Assert.Equal(["gpu"], told.Tags);
    }

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    private static async Task View(IActorRef proxy) => Assert.Null((await proxy.Ask(new GetWorkerView(5), Bound)).Refusal);

    private IActorRef Proxy() => Sys.ActorOf(WorkerProxy.Props(5, _dispatcher.Ref, _settings, new WorkerContacts()));

    private static async Task Register(IActorRef proxy, string[] types, string[] tags) =>
        Assert.Null((await proxy.Ask(Registration(types, tags), Bound)).Refusal);

    private static ApplyRegistration Registration(string[] types, string[] tags) => new(5, "render-05", "Linux", null, types, tags, null);

    /// <summary>The dispatcher notes the capabilities (answering the proxy, whose message the probe received last).</summary>
    private void Acknowledge(WorkerCapabilities told) => _dispatcher.Reply(Outcome.Done(new CapabilitiesNoted(told.WorkerId, told.Version)));

    private static ReportWorkerStatus Report(WorkerReportedStatus status, string? by = null) => new(5, status, null, null, null, null, by);
}
