using Manager.Actors.Events;

namespace Manager.Tests.Events;

/// <summary>The coalescing of the event stream's publishers: a thing changed many times is taken once; a batch is capped.</summary>
public sealed class PendingChangesTests
{
    [Fact]
    public void A_thing_changed_many_times_is_taken_once_and_then_forgotten()
    {
        var pending = new PendingChanges();
        for (var i = 0; i < 50; i++) pending.Changed(7);
        pending.Changed(8);

        var (changed, removed) = pending.Take(max: 10);

        Assert.Equal([7, 8], changed.Order());
        Assert.Empty(removed);
        Assert.True(pending.IsEmpty);
    }

    [Fact]
    public void A_removal_replaces_an_earlier_change_and_a_change_an_earlier_removal()
    {
        var pending = new PendingChanges();
        pending.Changed(1);
        pending.Removed(1);
        pending.Removed(2);
        pending.Changed(2);

        var (changed, removed) = pending.Take(max: 10);

        Assert.Equal([2], changed);
        Assert.Equal([1], removed);
    }

    [Fact]
    public void Beyond_the_cap_the_rest_waits_for_the_next_batch()
    {
        var pending = new PendingChanges();
        for (var id = 1; id <= 25; id++) pending.Changed(id);

        var first = pending.Take(max: 10).Changed;
        var second = pending.Take(max: 10).Changed;
        var third = pending.Take(max: 10).Changed;

        Assert.Equal([10, 10, 5], new[] { first.Count, second.Count, third.Count });
        Assert.Equal(Enumerable.Range(1, 25), first.Concat(second).Concat(third).Select(id => (int)id).Order());
        Assert.True(pending.IsEmpty);
    }
}
