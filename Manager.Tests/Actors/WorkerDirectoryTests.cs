using Akka.Actor;
using Akka.TestKit;
using Manager.Actors.Common;
using Manager.Actors.Events;
using Manager.Actors.Workers;

namespace Manager.Tests.Actors;

/// <summary>
/// The read model of GET /workers (the registry and the proxies are probes here): a new directory answers no listing
/// until every registered worker's proxy has shown it, and its refresh corrects a notice that was lost.
/// </summary>
public sealed class WorkerDirectoryTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TestProbe _registry;
    private readonly TestProbe _workers;

    public WorkerDirectoryTests()
    {
        _registry = CreateTestProbe();
        _workers = CreateTestProbe();
    }

    [Fact]
    public async Task A_new_directory_holds_listings_until_every_registered_proxy_showed_its_worker()
    {
        var directory = Directory(TimeSpan.FromMinutes(10));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([1, 2]));
        Assert.Equal([1L, 2L], new[] { await ShowAsked(), await ShowAsked() }.Order());

        var asker = CreateTestProbe();
        directory.Tell(ListWorkerViews.First, asker.Ref);
        directory.Tell(new WorkerShown(View(2, "render-02")));
        await asker.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // not answered before worker 1's proxy showed it

        directory.Tell(new WorkerShown(View(1, "render-01")));
        Assert.Equal(["render-01", "render-02"], Hostnames(await asker.ExpectMsgAsync<Outcome<IReadOnlyList<WorkerView>>>(Bound)));
        // A page at a time, in id order.
        Assert.Equal(["render-01"], Hostnames(await directory.Ask(new ListWorkerViews(0, 1), Bound)));
        Assert.Equal(["render-02"], Hostnames(await directory.Ask(new ListWorkerViews(1, 1), Bound)));
        Assert.Empty(Hostnames(await directory.Ask(new ListWorkerViews(2, 1), Bound)));
    }

    [Fact]
    public async Task Notices_change_the_listing_and_a_refresh_corrects_a_lost_one()
    {
        var directory = Directory(TimeSpan.FromMilliseconds(300));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));

        directory.Tell(new WorkerShown(View(7, "render-07")));
        directory.Tell(new WorkerShown(View(8, "render-08")));
        directory.Tell(new WorkerShown(View(8, "render-08") with { Online = false }));
        var listed = await directory.Ask(ListWorkerViews.First, Bound);
        Assert.Equal(["render-07", "render-08"], Hostnames(listed));
        Assert.False(Views(listed).Single(v => v.Record.Id == 8).Online);

        directory.Tell(new WorkerGone(8));
        Assert.Equal(["render-07"], Hostnames(await directory.Ask(ListWorkerViews.First, Bound)));

        // Worker 7 was removed but its notice was lost: the next refresh asks every known proxy again, the registry
        // no longer lists it, and its proxy answers that it holds no worker.
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));
        Assert.Equal(7, await ShowAsked());
        directory.Tell(new WorkerGone(7));
        Assert.Empty(Views(await directory.Ask(ListWorkerViews.First, Bound)));
    }

    [Fact]
    public async Task A_host_name_shows_only_its_newest_worker_when_a_removal_notice_was_lost()
    {
        var directory = Directory(TimeSpan.FromMinutes(10));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));

        directory.Tell(new WorkerShown(View(3, "render-03")));
        directory.Tell(new WorkerShown(View(4, "render-04")));
        // Worker 3 was removed and its host name registered again as worker 5; worker 3's WorkerGone never came.
        directory.Tell(new WorkerShown(View(5, "RENDER-03")));
        Assert.Equal([4L, 5L], Views(await directory.Ask(ListWorkerViews.First, Bound)).Select(v => v.Record.Id));

        // A late notice of the older worker does not bring it back; the newer one's removal frees the host name.
        directory.Tell(new WorkerShown(View(3, "render-03")));
        Assert.Equal([4L, 5L], Views(await directory.Ask(ListWorkerViews.First, Bound)).Select(v => v.Record.Id));
        directory.Tell(new WorkerGone(5));
        directory.Tell(new WorkerShown(View(6, "render-03")));
        Assert.Equal([4L, 6L], Views(await directory.Ask(ListWorkerViews.First, Bound)).Select(v => v.Record.Id));
    }

    [Fact]
    public async Task Pages_follow_the_last_id_even_when_that_worker_is_gone_in_between()
    {
        var directory = Directory(TimeSpan.FromMinutes(10));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));
        foreach (var id in new long[] { 10, 20, 30, 40, 50 }) directory.Tell(new WorkerShown(View(id, $"render-{id}")));

        var first = Views(await directory.Ask(new ListWorkerViews(0, 2), Bound));
        Assert.Equal([10L, 20L], first.Select(v => v.Record.Id));
        directory.Tell(new WorkerGone(20));
        directory.Tell(new WorkerShown(View(60, "render-60")));
        var query = new ListWorkerViews(0, 2).Next(first);
        Assert.Equal([30L, 40L], Views(await directory.Ask(query, Bound)).Select(v => v.Record.Id));
        Assert.Equal([50L, 60L], Views(await directory.Ask(new ListWorkerViews(45, 10), Bound)).Select(v => v.Record.Id));
        Assert.Empty(Views(await directory.Ask(new ListWorkerViews(60, 10), Bound)));
        // The first page is a copy that later changes did not touch.
        Assert.Equal([10L, 20L], first.Select(v => v.Record.Id));
    }

    [Fact]
    public async Task A_batch_of_notices_counts_as_each_notice_told_alone_for_a_new_directory_too()
    {
        var directory = Directory(TimeSpan.FromMinutes(10));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([1, 2]));
        await ShowAsked();
        await ShowAsked();

        directory.Tell(new WorkersShown([View(1, "render-01"), View(2, "render-02"), View(2, "render-02") with { Online = false }]));
        var listed = await directory.Ask(ListWorkerViews.First, Bound); // answered: both proxies have shown their worker
        Assert.Equal(["render-01", "render-02"], Hostnames(listed));
        Assert.False(Views(listed).Single(v => v.Record.Id == 2).Online); // in order: the later notice wins
    }

    [Fact]
    public async Task A_notice_that_only_moves_last_seen_shows_in_listings_and_is_no_event_even_when_it_crossed_nodes()
    {
        var published = CreateTestProbe();
        var directory = Sys.ActorOf(WorkerDirectory.Props(() => _registry.Ref, () => _workers.Ref, TimeSpan.FromMinutes(10),
            publish: e => published.Ref.Tell(e)));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));
        var seen = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        var view = View(1, "render-01") with { LastSeen = seen };
        directory.Tell(new WorkerShown(view));
        Assert.Equal([view], (await published.ExpectMsgAsync<WorkersChanged>(Bound)).Workers);

        // The same worker as a proxy on another node sends it: a record of its own (lists too), last_seen 10 s later.
        var record = view.Record with { SupportedTypes = [.. view.Record.SupportedTypes], Tags = [.. view.Record.Tags] };
        var later = view with { Record = record, LastSeen = seen.AddSeconds(10) };
        directory.Tell(new WorkerShown(later));
        Assert.Equal(seen.AddSeconds(10), Views(await directory.Ask(ListWorkerViews.First, Bound)).Single().LastSeen);
        await published.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(600)); // three publishing intervals: no event

        // News is an event, with the newest last_seen.
        directory.Tell(new WorkerShown(later with { Online = false }));
        var news = (await published.ExpectMsgAsync<WorkersChanged>(Bound)).Workers.Single();
        Assert.Equal((false, seen.AddSeconds(10)), (news.Online, news.LastSeen));
    }

    /// <summary>A worker's polls reach the directory through its node's contacts, not as notices.</summary>
    [Fact]
    public async Task Last_seen_is_the_latest_request_in_the_node_s_contacts_without_a_notice()
    {
        var contacts = new WorkerContacts();
        var directory = Sys.ActorOf(WorkerDirectory.Props(() => _registry.Ref, () => _workers.Ref, TimeSpan.FromMinutes(10), contacts: contacts));
        await _registry.ExpectMsgAsync<ListWorkerIds>(Bound);
        _registry.Reply(Outcome.Done<IReadOnlyList<long>>([]));
        var seen = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);
        directory.Tell(new WorkerShown(View(1, "render-01") with { LastSeen = seen }));
        Assert.Equal(seen, Views(await directory.Ask(ListWorkerViews.First, Bound)).Single().LastSeen);

        contacts.Heard(1, null, seen.AddSeconds(10).ToUnixTimeMilliseconds());
        Assert.Equal(seen.AddSeconds(10), Views(await directory.Ask(ListWorkerViews.First, Bound)).Single().LastSeen);
        contacts.HeardElsewhere(1, seen.AddSeconds(20).ToUnixTimeMilliseconds());
        Assert.Equal(seen.AddSeconds(20), Views(await directory.Ask(ListWorkerViews.First, Bound)).Single().LastSeen);
    }

    private IActorRef Directory(TimeSpan refreshEvery) =>
        Sys.ActorOf(WorkerDirectory.Props(() => _registry.Ref, () => _workers.Ref, refreshEvery));

    private async Task<long> ShowAsked() => (await _workers.ExpectMsgAsync<ShowWorker>(Bound)).WorkerId;

    private static WorkerView View(long id, string hostname) =>
        new(new WorkerRecord(id, hostname, "Linux", null, [], [], null, true, DateTimeOffset.UtcNow), true, "available", null);

    private static IEnumerable<string> Hostnames(Outcome<IReadOnlyList<WorkerView>> outcome) => Views(outcome).Select(v => v.Record.Hostname);

    private static IReadOnlyList<WorkerView> Views(Outcome<IReadOnlyList<WorkerView>> outcome) =>
        outcome.IsDone(out var views) ? views : throw new InvalidOperationException($"refused: {outcome.Refusal}");
}
