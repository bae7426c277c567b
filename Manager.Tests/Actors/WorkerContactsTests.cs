using Manager.Actors.Workers;

namespace Manager.Tests.Actors;

/// <summary>
/// A node's table of worker contacts: every request is noted, only news is to be told to the proxy (the first request on
/// the node, a new address, one the proxy watches for), and a cluster node hands on each worker heard since its last
/// batch once, with its latest time.
/// </summary>
public sealed class WorkerContactsTests
{
    [Fact]
    public void Every_request_is_noted_and_only_the_first_one_on_the_node_is_news()
    {
        var contacts = new WorkerContacts();

        Assert.Null(contacts.LastHeard(7));
        Assert.True(contacts.Heard(7, "10.0.0.7", nowMs: 1_000));
        Assert.False(contacts.Heard(7, "10.0.0.7", nowMs: 11_000));
        Assert.False(contacts.Heard(7, null, nowMs: 21_000));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(21_000), contacts.LastHeard(7));
        Assert.True(contacts.Heard(8, null, nowMs: 21_000)); // each worker on its own
    }

    [Fact]
    public void A_request_from_a_new_address_is_news()
    {
        var contacts = new WorkerContacts();
        contacts.Heard(7, "10.0.0.7", nowMs: 0);

        Assert.True(contacts.Heard(7, "10.0.0.8", nowMs: 100));
        Assert.False(contacts.Heard(7, "10.0.0.8", nowMs: 200));
    }

    [Fact]
    public void A_watched_worker_s_next_request_is_news_once_here_or_from_another_node()
    {
        var contacts = new WorkerContacts();
        contacts.Heard(7, null, nowMs: 1_000);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_000), contacts.Watch(7));
        Assert.True(contacts.Heard(7, null, nowMs: 40_000));
        Assert.False(contacts.Heard(7, null, nowMs: 41_000));

        contacts.Watch(7);
        Assert.False(contacts.HeardElsewhere(7, atMs: 30_000)); // older than what the node knows: no news
        Assert.True(contacts.HeardElsewhere(7, atMs: 50_000));
        Assert.False(contacts.HeardElsewhere(7, atMs: 60_000));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(60_000), contacts.LastHeard(7));
    }

    [Fact]
    public void Another_node_s_contact_moves_the_time_only_forward()
    {
        var contacts = new WorkerContacts();
        contacts.Heard(7, null, nowMs: 5_000);

        contacts.HeardElsewhere(7, atMs: 4_000);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(5_000), contacts.LastHeard(7));
        contacts.HeardElsewhere(7, atMs: 6_000);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(6_000), contacts.LastHeard(7));
        contacts.Heard(7, null, nowMs: 5_500); // a request whose clock reading was taken before: still the later time
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(6_000), contacts.LastHeard(7));
        Assert.True(contacts.Heard(9, null, nowMs: 1) && !contacts.HeardElsewhere(9, atMs: 1));
    }

    [Fact]
    public void A_sharing_node_hands_on_each_worker_heard_since_the_last_batch_once_with_its_latest_time()
    {
        var contacts = new WorkerContacts();
        contacts.Heard(1, null, nowMs: 100); // before sharing started: not kept for the others
        contacts.StartSharing();

        contacts.Heard(2, null, nowMs: 200);
        contacts.Heard(3, null, nowMs: 300);
        contacts.Heard(2, null, nowMs: 400);
        contacts.HeardElsewhere(4, atMs: 500); // another node's: that node shares it

        var (ids, times) = contacts.TakeUnshared();
        Assert.Equal([2L, 3L], ids);
        Assert.Equal([400L, 300L], times);
        Assert.Empty(contacts.TakeUnshared().WorkerIds);

        contacts.Heard(3, null, nowMs: 600);
        Assert.Equal([3L], contacts.TakeUnshared().WorkerIds);
    }

    [Fact]
    public void Workers_not_heard_from_within_the_time_kept_are_forgotten_unless_watched()
    {
        var contacts = new WorkerContacts();
        var kept = (long)WorkerContacts.KeptFor.TotalMilliseconds;
        for (var worker = 1; worker <= 100; worker++) contacts.Heard(worker, null, nowMs: 0);
        contacts.Watch(2);

        contacts.Heard(1, null, nowMs: kept - 1); // a sweep: every entry heard within the time kept
        Assert.Equal(100, contacts.Count);

        contacts.Heard(1, null, nowMs: 2 * kept); // the next sweep: worker 1 heard since, worker 2 watched
        Assert.Equal(2, contacts.Count);
        Assert.True(contacts.Heard(3, null, nowMs: 2 * kept)); // forgotten: its next request is news again
    }

    [Fact]
    public void A_removed_worker_s_entry_goes_at_once_even_watched_and_once_shared_when_it_was_waiting_to_be()
    {
        var contacts = new WorkerContacts();
        contacts.Heard(1, null, nowMs: 0);
        contacts.Watch(1);
        contacts.Heard(2, null, nowMs: 0);
        contacts.Forget(1);
        Assert.Equal(1, contacts.Count);
        Assert.Null(contacts.LastHeard(1));
        Assert.True(contacts.Heard(1, null, nowMs: 1)); // a worker registered again under the id would be news

        var sharing = new WorkerContacts();
        sharing.StartSharing();
        sharing.Heard(3, null, nowMs: 0);
        sharing.Watch(3);
        sharing.Forget(3); // waiting to be shared: it stays for the batch, no longer watched
        Assert.Equal([3L], sharing.TakeUnshared().WorkerIds);
        sharing.Heard(4, null, nowMs: 2 * (long)WorkerContacts.KeptFor.TotalMilliseconds); // a sweep
        Assert.Equal(1, sharing.Count);
    }

    /// <summary>An idle farm's poll every few seconds must not leave an object behind per poll (the collector would promote it).</summary>
    [Fact]
    public void Noting_a_known_worker_s_request_again_allocates_nothing()
    {
        var contacts = new WorkerContacts();
        contacts.StartSharing();
        var addresses = Enumerable.Range(1, 100).Select(worker => $"10.0.{worker / 256}.{worker % 256}").ToArray();
        for (var worker = 1; worker <= 100; worker++) contacts.Heard(worker, addresses[worker - 1], nowMs: 0);
        contacts.TakeUnshared();
        for (var worker = 1; worker <= 100; worker++) contacts.Heard(worker, addresses[worker - 1], nowMs: 1);
        contacts.TakeUnshared(); // both lists of the batches have grown to their size
        var sameAddresses = addresses.Select(a => new string(a.AsSpan())).ToArray(); // equal, as a new request's are

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var worker = 1; worker <= 100; worker++)
            Assert.False(contacts.Heard(worker, sameAddresses[worker - 1], nowMs: 5_000));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
