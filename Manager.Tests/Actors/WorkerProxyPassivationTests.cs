using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Workers;
using Manager.Tests.Support;

namespace Manager.Tests.Actors;

/// <summary>
/// A request for a worker id nobody registered starts a proxy (it has to recover to know); that proxy must not stay
/// behind, and no request that arrives while it goes may be lost. Real SQLite journal, the local proxy parent.
/// </summary>
public sealed class WorkerProxyPassivationTests : JournalTestKit
{
    private readonly IActorRef _workers;

    public WorkerProxyPassivationTests() : base("proxy-test")
    {
        var dispatcher = CreateTestProbe().Ref;
        var settings = new CurrentSettings();
        _workers = Sys.ActorOf(WorkerProxyParent.Props(new WorkerMessageExtractor(),
            id => WorkerProxy.Props(long.Parse(id), dispatcher, settings, new WorkerContacts())), "workers");
    }

    [Fact]
    public async Task Requests_for_ids_nobody_registered_are_answered_not_found_and_leave_no_proxy_behind()
    {
        for (var id = 1000; id < 1050; id++)
        {
            Assert.IsType<Refusal.NotFound>((await _workers.Ask(new GetWorkerView(id), Bound)).Refusal);
            Assert.IsType<Refusal.NotFound>((await _workers.Ask(Poll(id), Bound)).Refusal);
        }

        await AwaitAssertAsync(async () =>
        {
            foreach (var id in Enumerable.Range(1000, 50)) Assert.False(await ProxyIsRunning(id), $"proxy {id} still running");
        }, Bound);
    }

    [Fact]
    public async Task Every_request_that_arrives_while_a_proxy_passivates_is_answered()
    {
        // Waves of requests: the first answer of a wave makes the proxy ask to go, the rest of the wave and the next
        // one arrive while it goes (held by the parent, then served by a new proxy).
        for (var wave = 0; wave < 40; wave++)
        {
            var answers = Enumerable.Range(0, 10)
                .Select(i => i % 2 == 0 ? RefusalOf(_workers.Ask(new GetWorkerView(7), Bound)) : RefusalOf(_workers.Ask(Poll(7), Bound)))
                .ToList();
            Assert.All(await Task.WhenAll(answers), a => Assert.IsType<Refusal.NotFound>(a));
        }
        await AwaitAssertAsync(async () => Assert.False(await ProxyIsRunning(7)), Bound);
    }

    [Fact]
    public async Task A_registration_that_arrives_while_the_proxy_passivates_is_kept()
    {
        var before = _workers.Ask(new GetWorkerView(5), Bound);
        var registration = _workers.Ask(new ApplyRegistration(5, "render-05", "Linux", null, [], [], null), Bound);
        var after = _workers.Ask(new GetWorkerView(5), Bound);

        Assert.IsType<Refusal.NotFound>((await before).Refusal);
        Assert.Null((await registration).Refusal);
        Assert.Equal("render-05", ViewOf(await after).Record.Hostname);
        // The stop was already on its way to that proxy, so it may have stopped after registering: the next request
        // starts a new one, which recovers the registration (nothing is held back for good).
        Assert.Equal("render-05", ViewOf(await _workers.Ask(new GetWorkerView(5), Bound)).Record.Hostname);
    }

    [Fact]
    public async Task A_registered_worker_keeps_its_proxy()
    {
        Assert.Null((await _workers.Ask(new ApplyRegistration(6, "render-06", "Linux", null, [], [], null), Bound)).Refusal);
        Assert.Equal("render-06", ViewOf(await _workers.Ask(new GetWorkerView(6), Bound)).Record.Hostname);
        Assert.True(await ProxyIsRunning(6));
    }

    private static WorkerView ViewOf(Outcome<WorkerView> outcome) => Assert.IsType<WorkerView>(outcome.Value);

    private static async Task<Refusal?> RefusalOf<TValue>(Task<Outcome<TValue>> answer) => (await answer).Refusal;

    private static ReportWorkerStatus Poll(long id) => new(id, WorkerReportedStatus.Available, null, null, null, null);

    private async Task<bool> ProxyIsRunning(long id)
    {
        var identity = await Sys.ActorSelection(_workers.Path / id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Ask<ActorIdentity>(new Identify(id), Bound);
        return identity.Subject is not null;
    }
}
