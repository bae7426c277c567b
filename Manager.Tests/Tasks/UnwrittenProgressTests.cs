using Manager.Actors.Tasks;

namespace Manager.Tests.Tasks;

public class UnwrittenProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_merged_report_does_what_the_two_do_one_after_the_other()
    {
        var task = new RulesDriver().Submitted(RulesDriver.Blender());
        var earlier = new TaskProgressed(1, 4, "frame 4", "Error: out of memory", 1.5, T0);
        var later = new TaskProgressed(1, null, "frame 5", null, null, T0.AddSeconds(1));

        var oneAfterTheOther = TaskTransitions.Apply(TaskTransitions.Apply(task, earlier), later);
        var merged = TaskTransitions.Apply(task, UnwrittenProgress.Merge(earlier, later));

        Assert.Equal(oneAfterTheOther, merged);
        Assert.Equal((4L, "frame 5", "Error: out of memory", 1.5, T0.AddSeconds(1)),
            (merged.FrameCurrent!.Value, merged.Activity, merged.Error, merged.TimeCost!.Value, merged.UpdatedAt));
    }

    [Fact]
    public void Only_the_named_tasks_progress_goes_in_front_and_the_rest_waits_for_the_periodic_write()
    {
        var unwritten = new UnwrittenProgress();
        unwritten.Add(new TaskProgressed(1, 2, null, null, null, T0));
        unwritten.Add(new TaskProgressed(2, 7, null, null, null, T0));
        unwritten.Add(new TaskProgressed(1, 3, null, null, null, T0.AddSeconds(1)));
        var completed = new TaskCompleted(1, 9, null, T0.AddSeconds(2));

        var written = unwritten.InFrontOf([completed]);

        Assert.Equal(2, written.Count);
        Assert.Equal(3, ((TaskProgressed)written[0]).FrameCurrent);
        Assert.Same(completed, written[1]);
        Assert.Equal(1, unwritten.Count);
        Assert.Equal(2, Assert.Single(unwritten.TakeAll()).TaskId);
        Assert.Equal(0, unwritten.Count);
    }

    [Fact]
    public void A_job_event_changes_tasks_it_does_not_name_so_all_unwritten_progress_goes_in_front_of_it()
    {
        var unwritten = new UnwrittenProgress();
        unwritten.Add(new TaskProgressed(1, 2, null, null, null, T0));
        unwritten.Add(new TaskProgressed(2, 7, null, null, null, T0));
        var deleted = new Manager.Actors.Jobs.JobDeleted(5, T0.AddSeconds(1), "operator");

        var written = unwritten.InFrontOf([deleted]);

        Assert.Equal(3, written.Count);
        Assert.Equal([1L, 2L], written.Take(2).Select(e => e.TaskId).Order());
        Assert.Same(deleted, written[2]);
        Assert.Equal(0, unwritten.Count);
    }

    [Fact]
    public void Events_of_tasks_without_unwritten_progress_are_written_as_they_are()
    {
        var unwritten = new UnwrittenProgress();
        unwritten.Add(new TaskProgressed(2, 7, null, null, null, T0));
        IReadOnlyList<ITaskEvent> events = [new TaskCompleted(1, 9, null, T0)];

        Assert.Same(events, unwritten.InFrontOf(events));
    }

    [Fact]
    public void Only_a_decision_of_progress_alone_is_answered_before_it_is_written()
    {
        var progress = new TaskProgressed(1, 2, null, null, null, T0);
        Assert.True(UnwrittenProgress.IsProgressOnly([progress]));
        Assert.False(UnwrittenProgress.IsProgressOnly([progress, new TaskCompleted(1, 9, null, T0)]));
        Assert.False(UnwrittenProgress.IsProgressOnly([]));
    }
}
