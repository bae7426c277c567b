using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>GET /tasks pages: ascending id order whatever order the ids were taken in, deleted ids skipped.</summary>
public class TaskQueryAnswersTests
{
    private static IReadOnlyList<long> Page(DispatcherState state, long after, int limit, TaskStatus? status = null, long? workerId = null) =>
        TaskQueryAnswers.List(state, new ListTasks(status, workerId, after, limit)).Select(t => t.Id).ToList();

    private static RulesDriver FarmWithIdsOutOfOrder()
    {
        var farm = new RulesDriver();
        foreach (var id in new long[] { 50, 7, 900, 8, 51 }) farm.Submitted(RulesDriver.Exec(taskId: id));
        farm.Submitted(RulesDriver.Exec()); // the next free id: 901
        Assert.IsType<TaskDeleted>(Assert.Single(farm.Delete(8).Events));
        Assert.Equal(50, farm.Claimed(3)); // the queue is in submission order: 50 was first
        return farm;
    }

    [Fact]
    public void Pages_walk_the_ids_in_ascending_order_and_skip_deleted_ones()
    {
        var state = FarmWithIdsOutOfOrder().State;

        Assert.Equal([7L, 50L], Page(state, after: 0, limit: 2));
        Assert.Equal([51L, 900L], Page(state, after: 50, limit: 2));
        Assert.Equal([901L], Page(state, after: 900, limit: 2));
        Assert.Empty(Page(state, after: 901, limit: 2));
        Assert.Empty(Page(state, after: long.MaxValue, limit: 2));
    }

    [Fact]
    public void Filters_apply_before_the_limit()
    {
        var state = FarmWithIdsOutOfOrder().State;

        Assert.Equal([50L], Page(state, after: 0, limit: 1, status: TaskStatus.Rendering));
        Assert.Equal([50L], Page(state, after: 0, limit: 5, workerId: 3));
        Assert.Equal([7L, 51L, 900L, 901L], Page(state, after: 0, limit: 10, status: TaskStatus.Queued));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void Filtered_pages_hold_exactly_the_matching_tasks_in_id_order_through_every_change(int seed)
    {
        var random = new Random(seed);
        var farm = new RulesDriver();
        var statusesSeen = new HashSet<TaskStatus>();
        for (var step = 0; step < 300; step++)
        {
            RandomFarm.Step(farm, random);
            statusesSeen.UnionWith(farm.State.Tasks.Values.Select(t => t.Status));
            if (step % 10 != 0) continue;
            var restored = DispatcherStateSnapshot.Of(farm.State).ToState();
            foreach (var status in AnyOr(Enum.GetValues<TaskStatus>()))
            foreach (var workerId in AnyOr(Enumerable.Range(1, RandomFarm.Profiles.Length).Select(w => (long)w)))
            {
                var expected = farm.State.Tasks.Values
                    .Where(t => (status is null || t.Status == status) && (workerId is null || t.WorkerId == workerId))
                    .Select(t => t.Id).Order().ToList();
                Assert.Equal(expected, Page(farm.State, 0, 1000, status, workerId));
                Assert.Equal(expected, Page(restored, 0, 1000, status, workerId));
                if (expected.Count > 2) Assert.Equal(expected.Skip(1).Take(2), Page(farm.State, expected[0], 2, status, workerId));
            }
        }
        Assert.Superset(new HashSet<TaskStatus> { TaskStatus.Queued, TaskStatus.Rendering, TaskStatus.Completed, TaskStatus.Canceled }, statusesSeen);
        Assert.NotEmpty(farm.State.DeletedIds);
    }

    /// <summary>Every value as a filter, and no filter (null).</summary>
    private static List<T?> AnyOr<T>(IEnumerable<T> values) where T : struct => [.. values.Select(v => (T?)v), null];

    [Fact]
    public void A_state_restored_from_a_snapshot_pages_the_same_and_keeps_ordering_new_ids()
    {
        var farm = FarmWithIdsOutOfOrder();
        var restored = DispatcherStateSnapshot.Of(farm.State).ToState();

        Assert.Equal(Page(farm.State, 0, 100), Page(restored, 0, 100));
        restored.Apply(new TaskSubmitted(farm.Task(7) with { Id = 9, SubmitSeq = 99 }));
        Assert.Equal([7L, 9L, 50L, 51L, 900L, 901L], Page(restored, 0, 100));
    }
}
