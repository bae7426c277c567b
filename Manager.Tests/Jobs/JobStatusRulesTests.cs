using Manager.Actors.Jobs;

namespace Manager.Tests.Jobs;

public class JobStatusRulesTests
{
    private static readonly JobDependency[] None = [];

    private static JobStatusDecision Decide(JobTaskCounts t, bool paused = false, int percent = 10, params JobDependency[] deps) =>
        JobStatusRules.Decide(t, paused, percent, deps);

    // The table of docs/api.md, "Job status", one row per rule, in order.
    public static TheoryData<string, JobTaskCounts, bool, int, JobStatus, bool> Rows => new()
    {
        // name, counts, paused by operator, job_fail_percent, status, cancel unfinished
        { "1 all completed", new(Completed: 20), false, 10, JobStatus.Completed, false },
        { "1 no tasks", new(), false, 10, JobStatus.Completed, false },
        { "1 completed wins over paused", new(Completed: 3), true, 10, JobStatus.Completed, false },
        { "2 threshold, tasks left", new(Queued: 10, Rendering: 2, Paused: 1, Completed: 4, Failed: 3), false, 10, JobStatus.Failed, true },
        { "2 threshold, nothing left", new(Completed: 17, Failed: 3), false, 10, JobStatus.Failed, false },
        { "2 threshold wins over paused", new(Queued: 17, Failed: 3), true, 10, JobStatus.Failed, true },
        { "2 threshold after own cancel", new(Completed: 4, Failed: 3, Canceled: 13), false, 10, JobStatus.Failed, false },
        { "3 finished, failed below threshold", new(Completed: 19, Failed: 1), false, 10, JobStatus.Failed, false },
        { "3 finished, failed and canceled", new(Completed: 10, Failed: 1, Canceled: 9), false, 10, JobStatus.Failed, false },
        { "3 all canceled", new(Canceled: 20), false, 10, JobStatus.Canceled, false },
        { "3 completed and canceled", new(Completed: 15, Canceled: 5), false, 10, JobStatus.Canceled, false },
        { "4 paused", new(Queued: 20), true, 10, JobStatus.Paused, false },
        { "4 paused, still rendering", new(Queued: 18, Rendering: 2), true, 10, JobStatus.Paused, false },
        { "6 blocked by a failed task", new(Queued: 1, Completed: 18, Failed: 1, Blocked: 1), false, 10, JobStatus.Failed, true },
        { "6 blocked by a canceled task", new(Queued: 1, Completed: 18, Canceled: 1, Blocked: 1), false, 10, JobStatus.Canceled, true },
        { "7 only paused tasks left", new(Paused: 2, Completed: 18), false, 10, JobStatus.Paused, false },
        { "7 paused tasks and blocked ones", new(Queued: 1, Paused: 1, Completed: 17, Canceled: 1, Blocked: 1), false, 10, JobStatus.Paused, false },
        { "7 paused previews hold back the other tasks", new(Queued: 2, Paused: 2, Completed: 1, Waiting: 2), false, 10, JobStatus.Paused, false },
        { "7 the video waits on a paused task", new(Queued: 1, Paused: 1, Completed: 1, Waiting: 1), false, 10, JobStatus.Paused, false },
        { "7 waiting and blocked tasks", new(Queued: 3, Paused: 1, Completed: 1, Canceled: 1, Blocked: 1, Waiting: 2), false, 10, JobStatus.Paused, false },
        { "8 not started", new(Queued: 20), false, 10, JobStatus.Queued, false },
        { "8 some waiting, one may run", new(Queued: 3, Paused: 1, Completed: 1, Waiting: 2), false, 10, JobStatus.Active, false },
        { "8 waiting on a rendering task", new(Queued: 1, Rendering: 1, Paused: 1, Waiting: 1), false, 10, JobStatus.Active, false },
        { "8 rendering", new(Queued: 18, Rendering: 2), false, 10, JobStatus.Active, false },
        { "8 started, nobody rendering now", new(Queued: 10, Completed: 10), false, 10, JobStatus.Active, false },
        { "8 a failure below threshold, work left", new(Queued: 18, Failed: 1, Completed: 1), false, 10, JobStatus.Active, false },
        { "8 some blocked, others runnable", new(Queued: 5, Canceled: 1, Blocked: 1), false, 10, JobStatus.Active, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_rule_of_the_table(string name, JobTaskCounts counts, bool paused, int percent, JobStatus status, bool cancel)
    {
        var decision = Decide(counts, paused, percent);
        Assert.True(status == decision.Status, $"{name}: expected {status}, got {decision.Status} ({decision.Activity})");
        Assert.True(cancel == decision.CancelUnfinished, $"{name}: cancel unfinished {decision.CancelUnfinished}");
    }

    [Theory]
    // failed, total, job_fail_percent → fails the job
    [InlineData(0, 20, 0, false)]   // 0 %: no failure yet, not failed
    [InlineData(1, 20, 0, true)]    // 0 %: the first failure fails the job
    [InlineData(1, 100_000, 0, true)]
    [InlineData(2, 20, 10, true)]   // exactly at the threshold: 10 %
    [InlineData(1, 20, 10, false)]  // just below: 5 %
    [InlineData(1, 10, 10, true)]   // exactly 10 %
    [InlineData(1, 11, 10, false)]  // 9.09 %: no rounding up
    [InlineData(2, 21, 10, false)]  // 9.52 % would round to 10: still below
    [InlineData(2, 11, 10, true)]   // 18.2 %
    [InlineData(1, 3, 34, false)]   // 33.3 %
    [InlineData(1, 3, 33, true)]
    [InlineData(19, 20, 100, false)]
    [InlineData(20, 20, 100, true)]
    [InlineData(99_999, 100_000, 100, false)]
    public void The_fail_percent_is_compared_exactly(int failed, int total, int percent, bool fails) =>
        Assert.Equal(fails, JobStatusRules.ReachesFailPercent(failed, total, percent));

    [Fact]
    public void Just_below_the_threshold_the_job_goes_on_and_at_it_fails()
    {
        Assert.Equal(JobStatus.Active, Decide(new(Queued: 18, Failed: 1, Completed: 1), percent: 10).Status);
        Assert.Equal(JobStatus.Failed, Decide(new(Queued: 17, Failed: 2, Completed: 1), percent: 10).Status);
        Assert.Equal(JobStatus.Failed, Decide(new(Queued: 19, Failed: 1), percent: 0).Status);
        Assert.Equal(JobStatus.Queued, Decide(new(Queued: 20), percent: 0).Status);
    }

    [Fact]
    public void The_percent_shown_is_rounded_down_so_it_agrees_with_the_rule()
    {
        Assert.Equal(9, JobStatusRules.Percent(2, 21));   // 9.52 %
        Assert.Equal(15, JobStatusRules.Percent(3, 20));
        Assert.Equal(33, JobStatusRules.Percent(2, 6));   // 33.3 %
        Assert.Equal(66, JobStatusRules.Percent(2, 3));   // 66.7 %
        Assert.Equal(0, JobStatusRules.Percent(0, 0));
    }

    [Fact]
    public void Activity_of_a_job_failed_at_the_threshold()
    {
        var d = Decide(new(Queued: 15, Completed: 2, Failed: 3), percent: 10);
        Assert.Equal("failed: 3 of 20 tasks failed (15 % ≥ job_fail_percent 10 %)", d.Activity);
    }

    [Fact]
    public void Activity_when_nothing_can_run_any_more()
    {
        Assert.Equal("failed: nothing can run any more: 1 of 20 tasks failed (5 % < job_fail_percent 10 %), 1 task waits on a failed or canceled task, 18 completed",
            Decide(new(Queued: 1, Completed: 18, Failed: 1, Blocked: 1)).Activity);
        Assert.Equal("failed: nothing can run any more: 1 of 20 tasks failed (5 % < job_fail_percent 10 %), 19 completed",
            Decide(new(Completed: 19, Failed: 1)).Activity);
        Assert.Equal("canceled: nothing can run any more: 1 of 20 tasks canceled, 1 task waits on a failed or canceled task, 18 completed",
            Decide(new(Queued: 1, Completed: 18, Canceled: 1, Blocked: 1)).Activity);
    }

    [Fact]
    public void Activity_of_finished_jobs()
    {
        Assert.Equal("completed: all 20 tasks completed", Decide(new(Completed: 20)).Activity);
        Assert.Equal("completed: all 1 task completed", Decide(new(Completed: 1)).Activity);
        Assert.Equal("completed: the job has no tasks", Decide(new()).Activity);
        Assert.Equal("canceled: 20 of 20 tasks canceled", Decide(new(Canceled: 20)).Activity);
        Assert.Equal("canceled: 5 of 20 tasks canceled, 15 completed", Decide(new(Completed: 15, Canceled: 5)).Activity);
        Assert.Equal("failed: nothing can run any more: 1 of 20 tasks failed (5 % < job_fail_percent 10 %), 9 canceled, 10 completed",
            Decide(new(Completed: 10, Failed: 1, Canceled: 9)).Activity);
    }

    [Fact]
    public void Activity_of_running_and_paused_jobs()
    {
        Assert.Equal("waiting for a worker: 20 tasks queued", Decide(new(Queued: 20)).Activity);
        Assert.Equal("2 tasks rendering, 3 of 25 completed", Decide(new(Queued: 20, Rendering: 2, Completed: 3)).Activity);
        Assert.Equal("0 tasks rendering, 1 of 20 completed, 1 failed", Decide(new(Queued: 18, Failed: 1, Completed: 1)).Activity);
        Assert.Equal("1 task rendering, 0 of 7 completed; 1 task waits on a failed or canceled task",
            Decide(new(Queued: 5, Rendering: 1, Canceled: 1, Blocked: 1)).Activity);
        Assert.Equal("paused by operator", Decide(new(Queued: 20), paused: true).Activity);
        Assert.Equal("paused by operator: no new task starts; 2 tasks still rendering", Decide(new(Queued: 18, Rendering: 2), paused: true).Activity);
        Assert.Equal("paused: 2 tasks paused by operator; nothing else can run", Decide(new(Paused: 2, Completed: 18)).Activity);
    }

    [Fact]
    public void A_job_waits_for_an_unfinished_dependency()
    {
        var d = Decide(new(Queued: 20), deps: [new(12, JobStatus.Active, 0.4), new(11, JobStatus.Completed, 1)]);
        Assert.Equal(JobStatus.Queued, d.Status);
        Assert.Equal("waiting for job 12 (active, 40 %)", d.Activity);
        Assert.False(d.CancelUnfinished);
    }

    [Fact]
    public void Several_unfinished_dependencies_are_named_in_id_order_up_to_five()
    {
        var deps = Enumerable.Range(1, 7).Reverse().Select(i => new JobDependency(i, JobStatus.Queued, 0.0)).ToArray();
        Assert.Equal("waiting for jobs 1 (queued, 0 %), 2 (queued, 0 %), 3 (queued, 0 %), 4 (queued, 0 %), 5 (queued, 0 %) and 2 more",
            Decide(new(Queued: 3), deps: deps).Activity);
        Assert.Equal("waiting for jobs 3 (paused, 99 %), 4 (active, 100 %)",
            Decide(new(Queued: 3), deps: [new(4, JobStatus.Active, 1.0), new(3, JobStatus.Paused, 0.999)]).Activity);
    }

    [Fact]
    public void A_job_whose_dependency_failed_stays_queued_and_says_so()
    {
        var d = Decide(new(Queued: 20), deps: [new(12, JobStatus.Failed, 0.5), new(13, JobStatus.Active, 0.1)]);
        Assert.Equal(JobStatus.Queued, d.Status);
        Assert.Equal("waiting: job 12 it depends on failed", d.Activity);
        Assert.False(d.CancelUnfinished);

        Assert.Equal("waiting: job 14 it depends on was canceled",
            Decide(new(Queued: 20), deps: [new(14, JobStatus.Canceled, 0)]).Activity);
        Assert.Equal("waiting: jobs it depends on did not complete: 12 (failed), 14 (canceled)",
            Decide(new(Queued: 20), deps: [new(14, JobStatus.Canceled, 0), new(12, JobStatus.Failed, 0)]).Activity);
    }

    [Fact]
    public void A_job_with_rendering_tasks_whose_dependency_reopened_is_active_and_starts_nothing_new()
    {
        var d = Decide(new(Queued: 10, Rendering: 2), deps: [new(12, JobStatus.Queued, 0.9)]);
        Assert.Equal(JobStatus.Active, d.Status);
        Assert.Equal("2 tasks rendering; no new task starts: waiting for job 12 (queued, 90 %)", d.Activity);
    }

    [Fact]
    public void Pause_and_final_states_come_before_dependencies()
    {
        Assert.Equal(JobStatus.Paused, Decide(new(Queued: 3), paused: true, deps: [new(12, JobStatus.Failed, 0)]).Status);
        Assert.Equal(JobStatus.Canceled, Decide(new(Canceled: 3), deps: [new(12, JobStatus.Failed, 0)]).Status);
        Assert.Equal(JobStatus.Failed, Decide(new(Queued: 2, Failed: 1), deps: [new(12, JobStatus.Active, 0)]).Status);
    }

    [Fact]
    public void Blocked_tasks_waiting_on_a_dependency_job_are_waiting_not_dead()
    {
        // The job's own tasks cannot run, but the reason is the job it depends on: it waits.
        var d = Decide(new(Queued: 2, Canceled: 1, Blocked: 1), deps: [new(12, JobStatus.Active, 0.5)]);
        Assert.Equal(JobStatus.Queued, d.Status);
    }

    [Fact]
    public void The_decision_is_stable_after_its_cancellation_is_carried_out()
    {
        // Failed at the threshold; the unfinished tasks are canceled; the job stays failed.
        var before = Decide(new(Queued: 15, Rendering: 1, Completed: 1, Failed: 3));
        Assert.True(before is { Status: JobStatus.Failed, CancelUnfinished: true });
        Assert.Equal(JobStatus.Failed, Decide(new(Canceled: 16, Completed: 1, Failed: 3)).Status);

        // Dead end below the threshold: the blocked video task is canceled; still failed.
        Assert.Equal(JobStatus.Failed, Decide(new(Queued: 1, Completed: 18, Failed: 1, Blocked: 1)).Status);
        Assert.Equal(JobStatus.Failed, Decide(new(Canceled: 1, Completed: 18, Failed: 1)).Status);

        // Dead end through a canceled task: canceled before and after.
        Assert.Equal(JobStatus.Canceled, Decide(new(Queued: 1, Completed: 18, Canceled: 1, Blocked: 1)).Status);
        Assert.Equal(JobStatus.Canceled, Decide(new(Completed: 18, Canceled: 2)).Status);
    }

    [Fact]
    public void Only_final_statuses_cancel_and_only_when_something_is_unfinished()
    {
        foreach (var (counts, _, _, _, _, _) in RowsAsTuples())
            foreach (var paused in new[] { false, true })
                foreach (var percent in new[] { 0, 10, 100 })
                {
                    var d = Decide(counts, paused, percent);
                    if (d.CancelUnfinished) Assert.True(d.Status.IsFinal() && counts.Unfinished > 0, $"{counts} → {d}");
                    if (d.Status.IsFinal()) Assert.True(d.CancelUnfinished == counts.Unfinished > 0, $"{counts} → {d}");
                }
    }

    private static IEnumerable<(JobTaskCounts, bool, int, JobStatus, bool, string)> RowsAsTuples() =>
        Rows.Select(r => ((JobTaskCounts)r[1], (bool)r[2], (int)r[3], (JobStatus)r[4], (bool)r[5], (string)r[0]));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_fail_percent_outside_0_to_100_is_refused(int percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(new(Queued: 1), percent: percent));

    [Fact]
    public void More_blocked_and_waiting_than_queued_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(new(Queued: 1, Blocked: 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(new(Queued: 2, Blocked: 1, Waiting: 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(new(Queued: 2, Waiting: -1)));
    }

    [Fact]
    public void Status_wire_names() =>
        Assert.Equal(["queued", "active", "paused", "completed", "failed", "canceled"], Enum.GetValues<JobStatus>().Select(s => s.ToWire()));
}
