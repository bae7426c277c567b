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
/// claim and whenever they change, and a restarted proxy tells them again.
/// </summary>
public sealed class WorkerCapabilitiesProtocolTests : JournalTestKit
{
    private readonly CurrentSettings _settings = new();
    private readonly TestProbe _dispatcher;

    public WorkerCapabilitiesProtocolTests() : base("capabilities-test") => _dispatcher = CreateTestProbe();

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

        await Register(proxy, ["exec_command"], ["cpu"]);
        Assert.Equal(["exec_command"], (await _dispatcher.ExpectMsgAsync<WorkerCapabilities>(Bound)).SupportedTypes);

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

    private IActorRef Proxy() => Sys.ActorOf(WorkerProxy.Props(5, _dispatcher.Ref, _settings));

    private static async Task Register(IActorRef proxy, string[] types, string[] tags) =>
        Assert.Null((await proxy.Ask(new ApplyRegistration(5, "render-05", "Linux", null, types, tags, null), Bound)).Refusal);

    private static ReportWorkerStatus Report(WorkerReportedStatus status, string? by = null) => new(5, status, null, null, null, null, by);
}
