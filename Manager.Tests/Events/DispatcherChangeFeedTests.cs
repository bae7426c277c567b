using Manager.Actors.Events;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Events;

/// <summary>
/// The dispatcher's batches beyond tasks and jobs: the blocklists of workers whose failures (or the threshold) changed, and
/// the completions per minute in the counts — a batch with nothing else when only that figure changed.
/// </summary>
public sealed class DispatcherChangeFeedTests
{
    private readonly RulesDriver _farm = new();
    private readonly DispatcherChangeFeed _feed = new();
    private int _noted;

    /// <summary>Notes the events applied since the last call, as the dispatcher does after each decision.</summary>
    private void NoteNew()
    {
        _feed.Note(_farm.Journal.Skip(_noted).ToList(), _farm.State);
        _noted = _farm.Journal.Count;
    }

    private long FailOne(long workerId)
    {
        var task = _farm.Submitted(RulesDriver.Blender());
        Assert.Equal(task.Id, _farm.Claimed(workerId));
        _farm.FromWorker(task.Id, workerId, TaskStatus.Failed);
        NoteNew();
        return task.Id;
    }

    [Fact]
    public void A_failure_sends_the_worker_s_blocklist_and_clearing_it_sends_it_empty()
    {
        _farm.Settings = _farm.Settings with { BlocklistThreshold = 1 };
        FailOne(workerId: 4);
        var failed = _feed.Take(_farm.State, _farm.Settings, _farm.Now)!;
        Assert.Equal(new WorkerBlocklist(4, ["blender_render"]), Assert.Single(failed.Blocklists), BlocklistComparer.Instance);

        _farm.ClearBlocklist(4);
        NoteNew();
        var cleared = _feed.Take(_farm.State, _farm.Settings, _farm.Now)!;
        Assert.Equal(new WorkerBlocklist(4, []), Assert.Single(cleared.Blocklists), BlocklistComparer.Instance);
        Assert.Empty(cleared.Tasks);
    }

    [Fact]
    public void A_lower_threshold_sends_the_blocklists_it_changes()
    {
        FailOne(workerId: 2); // one failure: under the default threshold of 3
        Assert.Equal(new WorkerBlocklist(2, []), Assert.Single(_feed.Take(_farm.State, _farm.Settings, _farm.Now)!.Blocklists),
            BlocklistComparer.Instance);
        Assert.Null(_feed.Take(_farm.State, _farm.Settings, _farm.Now));

        _farm.Settings = _farm.Settings with { BlocklistThreshold = 1 };
        var batch = _feed.Take(_farm.State, _farm.Settings, _farm.Now)!;
        Assert.Equal(new WorkerBlocklist(2, ["blender_render"]), Assert.Single(batch.Blocklists), BlocklistComparer.Instance);
    }

    [Fact]
    public void Completions_per_minute_rise_with_completions_and_fall_in_a_batch_of_their_own_a_minute_later()
    {
        var task = _farm.Submitted(RulesDriver.Blender());
        Assert.Equal(task.Id, _farm.Claimed(1));
        _farm.FromWorker(task.Id, 1, TaskStatus.Completed);
        var completedAt = _farm.Now;
        NoteNew();
        Assert.Equal(0, _feed.Counts(_farm.State, completedAt.AddSeconds(-10)).CompletionsPerMinute);

        Assert.Equal(1, _feed.Take(_farm.State, _farm.Settings, completedAt)!.Counts.CompletionsPerMinute);
        Assert.Null(_feed.Take(_farm.State, _farm.Settings, completedAt.AddSeconds(30))); // nothing changed

        var fallen = _feed.Take(_farm.State, _farm.Settings, completedAt.AddSeconds(61))!;
        Assert.Equal(0, fallen.Counts.CompletionsPerMinute);
        Assert.Empty(fallen.Tasks);
        Assert.Empty(fallen.Jobs);
        Assert.Null(_feed.Take(_farm.State, _farm.Settings, completedAt.AddSeconds(62)));
    }

    /// <summary>Records compare their lists by reference; these compare by content.</summary>
    private sealed class BlocklistComparer : IEqualityComparer<WorkerBlocklist>
    {
        public static readonly BlocklistComparer Instance = new();

        public bool Equals(WorkerBlocklist? x, WorkerBlocklist? y) =>
            x is not null && y is not null && x.WorkerId == y.WorkerId && x.BlocklistedTypes.SequenceEqual(y.BlocklistedTypes);

        public int GetHashCode(WorkerBlocklist b) => b.WorkerId.GetHashCode();
    }
}
