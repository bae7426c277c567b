using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class DependencyCountersTests
{
    [Fact]
    public void A_task_without_dependencies_is_runnable_at_once()
    {
        var d = new DependencyCounters();
        Assert.True(d.AddTask(1, null, []));
        Assert.True(d.IsRunnable(1));
    }

    [Fact]
    public void A_chain_A_B_C_runs_one_after_the_other()
    {
        var d = new DependencyCounters();
        Assert.True(d.AddTask(1, null, []));
        Assert.False(d.AddTask(2, null, [1]));
        Assert.False(d.AddTask(3, null, [2]));

        Assert.Equal([2L], d.Complete(1));
        Assert.False(d.IsRunnable(3));
        Assert.Equal([3L], d.Complete(2));
        Assert.True(d.IsRunnable(3));
        Assert.Empty(d.Complete(3));
    }

    [Fact]
    public void A_diamond_frees_its_bottom_once_both_sides_completed()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, [1]);
        d.AddTask(3, null, [1]);
        d.AddTask(4, null, [2, 3]);

        Assert.Equal([2L, 3L], d.Complete(1));
        Assert.Empty(d.Complete(2));
        Assert.Equal(1, d.WaitingOn(4));
        Assert.Equal([4L], d.Complete(3));
    }

    [Fact]
    public void A_task_whose_dependency_completed_before_it_was_added_is_runnable_at_once()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, []);
        d.Complete(1);
        Assert.True(d.AddTask(3, null, [1]));
        Assert.False(d.AddTask(4, null, [1, 2]));
        Assert.Equal(1, d.WaitingOn(4));
        Assert.Equal([4L], d.Complete(2));
    }

    [Fact]
    public void A_dependency_listed_twice_counts_once()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, [1, 1]);
        Assert.Equal(1, d.WaitingOn(2));
        Assert.Equal([2L], d.Complete(1));
    }

    [Fact]
    public void Completing_a_task_with_10000_dependents_returns_them_all_once()
    {
        var d = new DependencyCounters();
        d.AddTask(0, null, []);
        for (var i = 1; i <= 10_000; i++) d.AddTask(i, null, [0]);

        var runnable = d.Complete(0);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), runnable);
        Assert.Empty(d.Complete(0));
    }

    [Fact]
    public void Nothing_is_returned_twice_over_a_random_graph()
    {
        var random = new Random(7);
        var d = new DependencyCounters();
        const int n = 2_000;
        var initiallyRunnable = new List<long>();
        for (var i = 0; i < n; i++)
        {
            var deps = Enumerable.Range(0, random.Next(0, 4)).Where(_ => i > 0).Select(_ => (long)random.Next(0, i)).ToArray();
            if (d.AddTask(i, null, deps)) initiallyRunnable.Add(i);
        }

        var seen = new HashSet<long>(initiallyRunnable);
        var ready = new Queue<long>(initiallyRunnable);
        while (ready.TryDequeue(out var id))
        {
            Assert.True(d.IsRunnable(id));
            foreach (var freed in d.Complete(id))
            {
                Assert.True(seen.Add(freed), $"task {freed} returned twice");
                ready.Enqueue(freed);
            }
            Assert.Empty(d.Complete(id));
        }
        Assert.Equal(n, seen.Count); // every task ran exactly once
    }

    [Fact]
    public void A_failed_task_blocks_everything_downstream_each_once_and_completed_ones_are_not_listed()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, [1]);
        d.AddTask(3, null, [1]);
        d.AddTask(4, null, [2, 3]);   // diamond below 1
        d.AddTask(5, null, [4]);
        d.AddTask(6, null, []);       // unrelated

        Assert.Equal([2L, 3L, 4L, 5L], d.FailOrCancel(1));
        Assert.False(d.IsRunnable(2));
        Assert.True(d.IsRunnable(6));

        var e = new DependencyCounters();
        e.AddTask(1, null, []);
        e.AddTask(2, null, []);
        e.AddTask(3, null, [1, 2]);
        e.AddTask(4, null, [2]);
        e.Complete(1);
        e.Complete(2);
        e.Complete(4);
        Assert.Equal([3L], e.FailOrCancel(2)); // 4 completed already: not blocked
        Assert.False(e.IsRunnable(3));
    }

    [Fact]
    public void A_failed_task_rendered_again_and_completed_frees_what_waits_on_it()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, [1]);
        Assert.Equal([2L], d.FailOrCancel(1));
        Assert.False(d.IsRunnable(1));
        Assert.Empty(d.Reopen(1));
        Assert.True(d.IsRunnable(1));
        Assert.Equal([2L], d.Complete(1));
    }

    [Fact]
    public void A_completed_task_rendered_again_makes_its_dependents_wait_again()
    {
        var d = new DependencyCounters();
        d.AddTask(1, null, []);
        d.AddTask(2, null, [1]);
        d.AddTask(3, null, [1]);
        d.Complete(1);
        d.Complete(3);
        Assert.Equal([2L], d.Reopen(1)); // 3 is completed: it does not stop
        Assert.False(d.IsRunnable(2));
        Assert.Equal(1, d.WaitingOn(2));
        Assert.Equal([2L], d.Complete(1));

        d.Complete(1);
        Assert.Equal([2L], d.FailOrCancel(1)); // completed, then failed after all: 2 waits again
        Assert.Equal(1, d.WaitingOn(2));
    }

    [Fact]
    public void A_job_dependency_is_one_counter_per_job()
    {
        var d = new DependencyCounters();
        Assert.True(d.AddJob(10, []));
        Assert.True(d.AddJob(11, []));
        Assert.False(d.AddJob(12, [10, 11]));
        d.AddTask(1, 10, []);
        d.AddTask(2, 11, []);
        for (var i = 100; i < 1_100; i++) Assert.False(d.AddTask(i, 12, []));
        d.AddTask(2_000, 12, Enumerable.Range(100, 1_000).Select(i => (long)i)); // the video task

        Assert.Equal(2, d.JobWaitingOn(12));
        Assert.Equal(0, d.WaitingOn(100)); // no task-to-task edge was made for the job dependency
        Assert.Empty(d.CompleteJob(10));
        Assert.Equal(1, d.JobWaitingOn(12));

        var freed = d.CompleteJob(11);
        Assert.Equal(Enumerable.Range(100, 1_000).Select(i => (long)i), freed); // not the video task: it waits on its tasks
        Assert.Empty(d.CompleteJob(11));
        Assert.Equal(0, d.JobWaitingOn(12)); // completing twice counts once
        Assert.False(d.IsRunnable(2_000));
    }

    [Fact]
    public void Reopening_two_dependencies_of_a_job_stops_its_tasks_once()
    {
        var d = new DependencyCounters();
        d.AddJob(1, []);
        d.AddJob(2, []);
        d.AddJob(3, [1, 2]);
        d.AddTask(30, 3, []);
        d.CompleteJob(1);
        Assert.Equal([30L], d.CompleteJob(2));

        Assert.Equal([30L], d.ReopenJob(1));
        Assert.Empty(d.ReopenJob(2)); // already waiting: not listed again
        Assert.Equal(2, d.JobWaitingOn(3));
        Assert.Empty(d.CompleteJob(1));
        Assert.Equal([30L], d.CompleteJob(2));
    }

    [Fact]
    public void A_job_whose_dependency_completed_before_it_was_added_runs_at_once()
    {
        var d = new DependencyCounters();
        d.AddJob(10, []);
        d.CompleteJob(10);
        Assert.True(d.AddJob(11, [10]));
        Assert.True(d.AddTask(1, 11, []));
    }

    [Fact]
    public void A_task_of_a_waiting_job_becomes_runnable_only_when_both_counters_are_zero()
    {
        var d = new DependencyCounters();
        d.AddJob(10, []);
        d.AddJob(11, [10]);
        d.AddTask(1, 11, []);
        d.AddTask(2, 11, [1]);
        d.AddTask(3, 10, []);

        Assert.Equal([1L], d.CompleteJob(10)); // 2 still waits on task 1
        Assert.Equal([2L], d.Complete(1));

        var e = new DependencyCounters();
        e.AddJob(10, []);
        e.AddJob(11, [10]);
        e.AddTask(1, 11, []);
        e.AddTask(2, 11, [1]);
        e.Complete(1);                          // an earlier render of the job left task 1 completed
        Assert.Empty(e.Complete(1));
        Assert.False(e.IsRunnable(2));          // its own counter is 0, but job 10 has not completed
        Assert.Equal([2L], e.CompleteJob(10));  // task 1 is completed: not runnable, not returned
    }

    [Fact]
    public void A_job_chain_and_a_reopened_dependency()
    {
        var d = new DependencyCounters();
        d.AddJob(1, []);
        d.AddJob(2, [1]);
        d.AddJob(3, [2]);
        d.AddTask(20, 2, []);
        d.AddTask(30, 3, []);

        Assert.Equal([20L], d.CompleteJob(1));
        Assert.False(d.IsRunnable(30));
        Assert.Equal([30L], d.CompleteJob(2));

        d.AddTask(31, 3, []);
        d.Complete(31);                      // completed: it does not stop
        Assert.Equal([30L], d.ReopenJob(2)); // job 2 renders again: job 3's tasks wait again
        Assert.False(d.IsRunnable(30));
        Assert.Empty(d.ReopenJob(2));
        Assert.Equal([30L], d.CompleteJob(2));
    }

    [Fact]
    public void Unknown_and_repeated_ids_are_refused()
    {
        var d = new DependencyCounters();
        d.AddJob(1, []);
        d.AddTask(1, 1, []);
        Assert.Throws<ArgumentException>(() => d.AddTask(1, null, []));
        Assert.Throws<ArgumentException>(() => d.AddTask(2, null, [99]));
        Assert.Throws<ArgumentException>(() => d.AddTask(2, 99, []));
        Assert.Throws<ArgumentException>(() => d.AddJob(1, []));
        Assert.Throws<ArgumentException>(() => d.AddJob(2, [99]));
        Assert.Throws<ArgumentException>(() => d.AddJob(2, [2]));
        Assert.Throws<KeyNotFoundException>(() => d.Complete(99));
        Assert.Throws<KeyNotFoundException>(() => d.CompleteJob(99));
        Assert.False(d.ContainsTask(2)); // nothing half-added
        Assert.Equal(1, d.TaskCount);
        d.AddTask(3, null, []);
        Assert.Equal(2, d.TaskCount);
    }
}
