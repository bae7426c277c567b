using System.Collections.Immutable;
using Manager.Actors.Common;
using Manager.Actors.Tasks;

namespace Manager.Tests.Tasks;

/// <summary>Task ids are 1 … 2^53−1, only grow, and an allocated id never overwrites a task (docs/api.md, "Bounds").</summary>
public class TaskIdBoundsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Bounds.MaxId + 1)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(long.MaxValue)]
    public void A_chosen_task_id_outside_1_to_2_pow_53_minus_1_is_invalid_under_task_id(long id)
    {
        var farm = new RulesDriver();

        var decision = farm.Submit(RulesDriver.Exec(taskId: id));

        var invalid = Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal);
        Assert.Equal(["task_id"], invalid.Errors.Keys);
        Assert.Contains("9007199254740991", invalid.Errors["task_id"][0]);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void The_largest_id_may_be_chosen()
    {
        Assert.Equal(Bounds.MaxId, new RulesDriver().Submitted(RulesDriver.Exec(taskId: Bounds.MaxId)).Id);
    }

    [Fact]
    public void When_the_allocator_reaches_the_largest_id_the_next_submission_is_refused_and_nothing_is_overwritten()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Exec(taskId: Bounds.MaxId - 1));
        var last = farm.Submitted(RulesDriver.Blender(priority: 7));
        Assert.Equal(Bounds.MaxId, last.Id);

        var refused = farm.Submit(RulesDriver.Exec(priority: 1));

        var conflict = Assert.IsType<Refusal.Conflict>(refused.Outcome.Refusal);
        Assert.Contains("no task id is left", conflict.Detail);
        Assert.Empty(refused.Events);
        Assert.Equal(2, farm.State.Tasks.Count);
        Assert.Equal("blender_render", farm.Task(Bounds.MaxId).Type);
        Assert.Equal(7, farm.Task(Bounds.MaxId).Priority);
        // A free id below may still be chosen; the allocator does not go back to it.
        Assert.Equal(3, farm.Submitted(RulesDriver.Exec(taskId: 3)).Id);
        Assert.IsType<Refusal.Conflict>(farm.Submit(RulesDriver.Exec()).Outcome.Refusal);
    }

    [Fact]
    public void After_a_restart_from_the_journal_or_a_snapshot_the_allocator_is_still_exhausted()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Exec(taskId: Bounds.MaxId));
        farm.Delete(Bounds.MaxId); // deleted ids count as taken: ids are never reused

        foreach (var state in new[] { DispatcherState.Replay(farm.Journal), DispatcherStateSnapshot.Of(farm.State).ToState() })
        {
            Assert.Null(state.AllocateId());
            var decision = TaskRules.Submit(state, RulesDriver.Exec(), farm.Settings, farm.Now);
            Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal);
            Assert.Empty(decision.Events);
        }
    }

    [Fact]
    public void Ids_only_grow_and_skip_deleted_ids()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Exec(taskId: 10));
        farm.Delete(10);

        Assert.Equal(11, farm.State.AllocateId());
        Assert.Equal(11, farm.Submitted(RulesDriver.Exec()).Id);
        Assert.Equal(12, farm.State.AllocateId());
    }

    /// <summary>A journal written before ids were bounded may hold ids up to long.MaxValue: NextId must not wrap around
    /// (it did: task_id 2^63−2 made two automatic submissions both get 2^63−1, the second overwriting the first).</summary>
    [Theory]
    [InlineData(long.MaxValue - 1)]
    [InlineData(long.MaxValue)]
    public void An_unbounded_id_from_an_old_journal_exhausts_the_allocator_instead_of_overwriting(long oldId)
    {
        var farm = new RulesDriver();
        var old = farm.Submitted(RulesDriver.Exec()) with { Id = oldId, SubmitSeq = 2 };
        var state = DispatcherState.Replay([.. farm.Journal, new TaskSubmitted(old)]);

        Assert.True(state.NextId > Bounds.MaxId, $"next id {state.NextId}");
        Assert.Null(state.AllocateId());
        var decision = TaskRules.Submit(state, RulesDriver.Exec(), farm.Settings, farm.Now);
        Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal);
        Assert.Empty(decision.Events);
        Assert.Equal([1L, oldId], state.Tasks.Keys.Order());
    }

    [Fact]
    public void A_restored_state_with_a_taken_next_id_skips_it()
    {
        // Not reachable through events (NextId is above every id they carry), but a restore must not trust it blindly.
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec(taskId: 5));
        var state = DispatcherState.Restore([task], [6], ImmutableDictionary<long, ImmutableDictionary<string, int>>.Empty,
            nextId: 5, nextSubmitSeq: 2, lastAssignment: 0);

        Assert.Equal(7, state.AllocateId());
    }
}
