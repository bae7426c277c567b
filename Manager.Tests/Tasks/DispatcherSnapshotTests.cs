using System.Text;
using System.Text.Json;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class DispatcherSnapshotTests
{
    /// <summary>Every observable part of the state, in a canonical text form (two states are the same iff these are).</summary>
    internal static string Observe(DispatcherState state)
    {
        var text = new StringBuilder();
        foreach (var task in state.Tasks.Values.OrderBy(t => t.Id))
            text.Append("task ").AppendLine(JsonSerializer.Serialize(task));
        text.Append("queue ").AppendJoin(',', state.Queue.Select(e => $"{e.TaskId}:{e.JobPriority}:{e.Preview}:{e.TaskPriority}:{e.SubmitSeq}")).AppendLine();
        text.Append("held ").AppendJoin(',', state.TaskHeldByWorker.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}->{kv.Value}")).AppendLine();
        text.Append("deleted ").AppendJoin(',', state.DeletedIds.Order()).AppendLine();
        text.Append($"next-id {state.NextId} next-seq {state.NextSubmitSeq} last-assignment {state.LastAssignment}").AppendLine();
        foreach (var job in state.Jobs.Values.OrderBy(j => j.Id))
        {
            var summary = Manager.Actors.Jobs.JobSummaries.Of(state, job, Manager.Actors.Jobs.JobStatusRules.DefaultFailPercent);
            text.Append("job ").Append(JsonSerializer.Serialize(job)).Append(' ').Append(JsonSerializer.Serialize(summary with { Job = null! }))
                .Append(" dependents ").AppendJoin(',', state.DependentJobs(job.Id)).AppendLine();
        }
        text.Append("deleted-jobs ").AppendJoin(',', state.DeletedJobIds.Order()).Append($" next-job-id {state.NextJobId}").AppendLine();
        foreach (var (worker, byType) in state.FailuresByWorkerAndType.OrderBy(kv => kv.Key))
            text.Append($"failures {worker} ").AppendJoin(',', byType.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")).AppendLine();
        return text.ToString();
    }

    /// <summary>A farm after a history with every kind of event and tasks in every status.</summary>
    internal static RulesDriver RealisticFarm()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { TaskMaxAttempts = 2, BlocklistThreshold = 2 } };
        var t1 = farm.Submitted(RulesDriver.Blender(priority: 5, tags: ["gpu"]));          // 1
        var t2 = farm.Submitted(RulesDriver.Exec(taskId: 40));                              // 40
        var t3 = farm.Submitted(RulesDriver.Blender(taskId: 7, priority: 5));               // 7, submitted after 1
        var t4 = farm.Submitted(RulesDriver.Exec(priority: -2));                            // 41
        var t5 = farm.Submitted(RulesDriver.Blender());                                     // 42
        var t6 = farm.Submitted(RulesDriver.Exec(priority: 3));                             // 43
        var t7 = farm.Submitted(RulesDriver.Blender(priority: 1));                          // 44
        var t8 = farm.Submitted(RulesDriver.Exec(taskId: 100));                             // 100
        var t9 = farm.Submitted(RulesDriver.Exec(taskId: 50, priority: 1));                 // 50

        Assert.Equal(t1.Id, farm.Claimed(RulesDriver.Worker(1, tags: ["gpu"])));
        farm.FromWorker(t1.Id, 1, log: "Fra:2 Mem:1M | Sample 3/16\n", timeCost: 4.25);
        farm.FromWorker(t1.Id, 1, TaskStatus.Completed, timeCost: 9.5);              // t1 completed

        Assert.Equal(t3.Id, farm.Claimed(2));
        farm.FromWorker(t3.Id, 2, TaskStatus.Failed, log: "Error: out of memory\n"); // t3 queued, failed by 2
        Assert.Equal(t3.Id, farm.Claimed(3));
        farm.FromWorker(t3.Id, 3, TaskStatus.Failed, log: "Error: out of memory\n"); // t3 failed for good

        Assert.Equal(t6.Id, farm.Claimed(2));                                        // t6 rendering on 2
        farm.FromWorker(t6.Id, 2, frame: 1, activity: "step 1");
        Assert.Equal(t7.Id, farm.Claimed(RulesDriver.Worker(4, types: ["blender_render"])));
        farm.Lost(4, "requeued: worker render-04 silent for 30 s");                  // t7 queued again
        Assert.Equal(t7.Id, farm.Claimed(RulesDriver.Worker(3, types: ["blender_render"])));  // t7 rendering on 3

        farm.FromOperator(t9.Id, TaskStatus.Paused);                                 // t9 paused
        farm.FromOperator(t4.Id, TaskStatus.Canceled);                               // t4 canceled
        farm.Delete(t8.Id);                                                          // 100 deleted
        farm.Submitted(RulesDriver.Exec());                                                 // 101
        farm.Delete(101);
        farm.FromOperator(t1.Id, TaskStatus.Queued);                                 // t1 rendered again
        Assert.Equal(t1.Id, farm.Claimed(RulesDriver.Worker(5, tags: ["gpu"])));
        farm.FromWorker(t1.Id, 5, TaskStatus.Failed);                                // t1 queued, failed by 5
        farm.FromOperator(t5.Id, priority: 8);                                       // t5 first in the queue
        _ = t2;
        return farm;
    }

    [Fact]
    public void The_history_reaches_every_status_and_every_index()
    {
        var state = RealisticFarm().State;

        Assert.Equal(
            [TaskStatus.Queued, TaskStatus.Rendering, TaskStatus.Failed, TaskStatus.Canceled, TaskStatus.Paused],
            state.Tasks.Values.Select(t => t.Status).Distinct().Order());
        Assert.Equal([42L, 1L, 40L], state.Queue.Select(e => e.TaskId));
        Assert.Equal(2, state.TaskHeldByWorker.Count);
        Assert.Equal([100L, 101L], state.DeletedIds.Order());
        Assert.Equal(102, state.NextId);
        Assert.Equal(11, state.NextSubmitSeq);
        Assert.Equal(7, state.LastAssignment);
        Assert.Equal(1, state.FailureCount(2, "blender_render"));
        Assert.Equal(1, state.FailureCount(3, "blender_render"));
        Assert.Equal(1, state.FailureCount(5, "blender_render"));
    }

    /// <summary>The state as recovery rebuilds it: the snapshot the dispatcher takes, written and read back in its binary format.</summary>
    internal static DispatcherState Restored(DispatcherState state) =>
        DispatcherStateFormat.Read(DispatcherStateFormat.Write(DispatcherStateSnapshot.Of(state))).ToState();

    [Fact]
    public void A_written_and_read_snapshot_gives_back_the_same_state()
    {
        var state = Jobs.JobFarms.RealisticFarmWithJobs().State;

        var restored = Restored(state);

        Assert.Equal(Observe(state), Observe(restored));
        Assert.Equal(state.Queue.ToList(), restored.Queue.ToList());
        Assert.Equal(state.TaskHeldByWorker.OrderBy(kv => kv.Key), restored.TaskHeldByWorker.OrderBy(kv => kv.Key));
    }

    /// <summary>
    /// A snapshot written before jobs (format 3) is still read. Made from a format-4 one of a farm of one task submitted
    /// alone: format 4 adds to each task its job (absent: 1 byte), its dependencies (none: 4 bytes) and its preview mark
    /// (1 byte), and after the tasks the next job id (8 bytes), no deleted jobs and no jobs (4 + 4 bytes): 22 bytes at the end.
    /// </summary>
    [Fact]
    public void A_format_3_snapshot_from_before_jobs_is_still_read()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(7);
        var v4 = DispatcherStateFormat.Write(DispatcherStateSnapshot.Of(farm.State));
        Assert.Equal(4, v4[0]);

        using var inflated = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(v4, 1, v4.Length - 1), System.IO.Compression.CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var body = inflated.ToArray();
        using var v3 = new MemoryStream();
        v3.WriteByte(3);
        using (var zlib = new System.IO.Compression.ZLibStream(v3, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(body, 0, body.Length - 22);

        var restored = DispatcherStateFormat.Read(v3.ToArray()).ToState();

        Assert.Equal(Observe(farm.State), Observe(restored));
        Assert.Equal(task.Id, restored.HeldTask(7));
        Assert.Null(restored.Tasks[task.Id].JobId);
    }

    [Fact]
    public void The_snapshot_completed_task_also_survives_a_completed_status()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        farm.Claimed(1);
        farm.FromWorker(task.Id, 1, TaskStatus.Completed, timeCost: 2);

        var restored = Restored(farm.State);

        Assert.Equal(Observe(farm.State), Observe(restored));
        Assert.Equal(TaskStatus.Completed, restored.Tasks[task.Id].Status);
        Assert.Empty(restored.TaskHeldByWorker);
        Assert.Empty(restored.Queue);
    }

    [Fact]
    public void Replaying_the_journal_gives_the_same_state()
    {
        var farm = Jobs.JobFarms.RealisticFarmWithJobs();

        var replayed = DispatcherState.Replay(farm.Journal);

        Assert.Equal(Observe(farm.State), Observe(replayed));
    }

    [Fact]
    public void A_restored_state_takes_the_same_decisions_as_the_original()
    {
        var farm = RealisticFarm();
        var restored = Restored(farm.State);
        var now = farm.Now;
        var settings = farm.Settings;

        void Same<TValue>(Func<DispatcherState, Decision<TValue>> decide)
        {
            var a = decide(farm.State);
            var b = decide(restored);
            Assert.Equal(JsonSerializer.Serialize(a.Outcome, a.Outcome.GetType()), JsonSerializer.Serialize(b.Outcome, b.Outcome.GetType()));
            Assert.Equal(a.Events.Select(e => e.GetType()), b.Events.Select(e => e.GetType()));
            Assert.Equal(a.Events.Select(e => JsonSerializer.Serialize(e, e.GetType())), b.Events.Select(e => JsonSerializer.Serialize(e, e.GetType())));
        }

        Same(s => TaskRules.Claim(s, RulesDriver.Worker(9), settings, now));
        Same(s => TaskRules.Claim(s, RulesDriver.Worker(3), settings, now));       // holds 44: hands it back first
        Same(s => TaskRules.Claim(s, RulesDriver.Worker(2, tags: ["gpu"]), settings, now));
        Same(s => TaskRules.Submit(s, RulesDriver.Exec(), settings, now));
        Same(s => TaskRules.Submit(s, RulesDriver.Exec(taskId: 100), settings, now));
        Same(s => TaskRules.UpdateFromWorker(s, new UpdateTaskFromWorker(43, 2, 4, TaskStatus.Completed, null, null, null, 1), settings, now));
        Same(s => TaskRules.WorkerLost(s, new WorkerLost(3, "gone"), now));

        var claim = TaskRules.Claim(restored, RulesDriver.Worker(9), settings, now);
        var assigned = Assert.IsType<TaskAssigned>(Assert.Single(claim.Events));
        Assert.Equal(42, assigned.TaskId);
        Assert.Equal(8, assigned.Assignment);
    }

    [Fact]
    public void A_snapshot_stays_as_it_was_taken_while_the_live_state_changes()
    {
        var farm = RealisticFarm();
        var snapshot = DispatcherStateSnapshot.Of(farm.State);
        var before = Observe(farm.State);
        Assert.Equal(before, Observe(snapshot.ToState()));

        farm.Claimed(RulesDriver.Worker(9));
        farm.Submitted(RulesDriver.Exec());
        Assert.IsType<TaskDeleted>(Assert.Single(farm.Delete(40).Events));

        Assert.NotEqual(before, Observe(farm.State));
        Assert.Equal(before, Observe(snapshot.ToState()));
    }

    [Fact]
    public void An_empty_state_round_trips()
    {
        var restored = Restored(new DispatcherState());
        Assert.Equal(Observe(new DispatcherState()), Observe(restored));
        Assert.Equal(1, restored.NextId);
    }
}
