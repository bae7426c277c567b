using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A worker's proxy on a real SQLite journal: stop it, start a new incarnation with the same worker id, and it must show
/// the worker as it was last registered.
/// </summary>
public sealed class WorkerProxyPersistenceTests : JournalTestKit
{
    private readonly CurrentSettings _settings = new();
    private readonly Akka.TestKit.TestProbe _dispatcher;

    public WorkerProxyPersistenceTests() : base("proxy-persistence-test") => _dispatcher = CreateTestProbe().AcknowledgingCapabilities();

    [Fact]
    public async Task An_address_changed_at_re_registration_is_kept_across_a_restart()
    {
        var first = Proxy();
        await Register(first, "10.0.0.1");
        await Register(first, "10.0.0.2");
        Assert.Equal("10.0.0.2", (await View(first)).Record.IpAddress);

        await StopAndWait(first);

        Assert.Equal("10.0.0.2", (await View(Proxy())).Record.IpAddress);
    }

    /// <summary>A poll shows the address it came from at once (in memory); the re-registration from there still records it.</summary>
    [Fact]
    public async Task An_address_first_heard_in_a_poll_is_kept_when_the_worker_re_registers_from_it()
    {
        var first = Proxy();
        await Register(first, "10.0.0.1");
        first.Tell(new ReportWorkerStatus(3, WorkerReportedStatus.Rendering, null, null, null, "10.0.0.2"));
        await _dispatcher.FishForMessageAsync<GetHeldTask>(_ => true, Bound); // the heartbeat went on to the dispatcher
        Assert.Equal("10.0.0.2", (await View(first)).Record.IpAddress);
        await Register(first, "10.0.0.2");

        await StopAndWait(first);

        Assert.Equal("10.0.0.2", (await View(Proxy())).Record.IpAddress);
    }

    private IActorRef Proxy() => Sys.ActorOf(WorkerProxy.Props(3, _dispatcher.Ref, _settings, new WorkerContacts()));

    private static async Task Register(IActorRef proxy, string ipAddress) =>
        Assert.Null((await proxy.Ask(
            new ApplyRegistration(3, "render-03", "Linux", 5000, ["blender_render"], ["gpu"], ipAddress), Bound)).Refusal);

    private static async Task<WorkerView> View(IActorRef proxy) =>
        Assert.IsType<WorkerView>((await proxy.Ask(new GetWorkerView(3), Bound)).Value);
}
