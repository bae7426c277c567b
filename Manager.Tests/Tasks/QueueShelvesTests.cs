using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>
/// The queue is kept on shelves by type and tags so a claim skips what a worker cannot run a shelf at a time. These
/// tests hold the shelved decision to the plain rule it replaces: the first task in scheduling order that
/// the worker may run (type, tags, not failed by it, not blocklisted), found by looking at every task.
/// </summary>
public class QueueShelvesTests
{
    /// <summary>The rule the shelves implement, written out and applied to every task.</summary>
    private static TaskRecord? FirstRunnableByWalkingEveryTask(WorkerCapabilities worker, DispatcherState state, int threshold, TaskRecord? alsoQueued = null) =>
        state.Tasks.Values.Where(t => t.Id != alsoQueued?.Id).Append(alsoQueued).OfType<TaskRecord>()
            .Where(t => t.Status == TaskStatus.Queued
                        && (worker.SupportedTypes.Count == 0 || worker.SupportedTypes.Contains(t.Type))
                        && t.Tags.All(worker.Tags.Contains)
                        && !t.FailedByWorkers.Contains(worker.WorkerId)
                        && state.FailureCount(worker.WorkerId, t.Type) < threshold)
            .MinBy(state.PlaceOf);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_claim_picks_the_task_a_walk_over_every_task_in_scheduling_order_picks(int seed)
    {
        var random = new Random(seed);
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { BlocklistThreshold = 2, TaskMaxAttempts = 6 } };
        var threshold = farm.Settings.BlocklistThreshold;
        bool sawFailedTaskQueued = false, sawBlocklistedWorker = false;

        for (var step = 0; step < 400; step++)
        {
            foreach (var profile in Enumerable.Range(0, RandomFarm.Profiles.Length))
            {
                var worker = RandomFarm.WorkerOf(profile);
                var expected = FirstRunnableByWalkingEveryTask(worker, farm.State, threshold);
                Assert.Equal(expected?.Id, Scheduling.BestTaskFor(worker, farm.State, threshold)?.Id);
                sawBlocklistedWorker |= RandomFarm.Types.Any(type => farm.State.FailureCount(worker.WorkerId, type) >= threshold);

                // The same worker handing back the task it holds in the same decision.
                if (farm.State.HeldTask(worker.WorkerId) is { } held)
                {
                    var handedBack = TaskTransitions.Apply(farm.Task(held), new TaskRequeued(held, "handed back", farm.Now));
                    Assert.Equal(FirstRunnableByWalkingEveryTask(worker, farm.State, threshold, handedBack)?.Id,
                        Scheduling.BestTaskFor(worker, farm.State, threshold, handedBack)?.Id);
                }
            }
            sawFailedTaskQueued |= farm.State.Tasks.Values.Any(t => t.Status == TaskStatus.Queued && t.FailedByWorkers.Count > 0);
            RandomFarm.Step(farm, random);
        }

        // The run went through the cases that matter: queued tasks a worker failed before, and a blocklisted worker.
        Assert.True(sawFailedTaskQueued && sawBlocklistedWorker);
    }

    [Fact]
    public void The_queue_lists_every_shelf_merged_in_scheduling_order_and_forgets_empty_shelves()
    {
        var farm = new RulesDriver();
        var low = farm.Submitted(RulesDriver.Exec(priority: 1));
        var gpu = farm.Submitted(RulesDriver.Blender(priority: 5, tags: ["gpu", "linux"]));
        var gpuReordered = farm.Submitted(RulesDriver.Blender(priority: 5, tags: ["linux", "gpu"]));
        var plain = farm.Submitted(RulesDriver.Blender(priority: 5));
        var high = farm.Submitted(RulesDriver.Exec(priority: 9));

        Assert.Equal([high.Id, gpu.Id, gpuReordered.Id, plain.Id, low.Id], farm.QueueOrder());
        Assert.Equal(5, farm.State.Queue.Count);
        // Tags are a set: the same two tags in another order share a shelf.
        Assert.Equal(3, farm.State.Queue.Shelves.Count);

        Assert.Equal(gpu.Id, farm.Claimed(RulesDriver.Worker(1, ["blender_render"], ["gpu", "linux"])));
        Assert.Equal(gpuReordered.Id, farm.Claimed(RulesDriver.Worker(2, ["blender_render"], ["linux", "gpu"])));

        Assert.Equal([high.Id, plain.Id, low.Id], farm.QueueOrder());
        Assert.Equal(3, farm.State.Queue.Count);
        Assert.Equal(2, farm.State.Queue.Shelves.Count);
    }

    [Fact]
    public void Tag_sets_that_would_read_alike_when_joined_stay_on_their_own_shelves()
    {
        var farm = new RulesDriver();
        var oneTagWithANewline = farm.Submitted(RulesDriver.Blender(priority: 9, tags: ["a\nb"]));
        var twoTags = farm.Submitted(RulesDriver.Blender(priority: 1, tags: ["a", "b"]));

        Assert.Equal(2, farm.State.Queue.Shelves.Count);
        Assert.Equal(twoTags.Id, farm.Claimed(RulesDriver.Worker(1, tags: ["a", "b"])));
        Assert.Null(farm.Claimed(RulesDriver.Worker(2, tags: ["a", "b"])));
        Assert.Equal(oneTagWithANewline.Id, farm.Claimed(RulesDriver.Worker(3, tags: ["a\nb"])));
    }

    [Fact]
    public void A_worker_that_can_run_none_of_the_queued_tasks_gets_none_and_one_that_can_gets_the_best_of_its_shelves()
    {
        var farm = new RulesDriver();
        foreach (var i in Enumerable.Range(0, 1_000)) farm.Submit(RulesDriver.Blender(priority: 3, tags: ["gpu"]));
        var exec = farm.Submitted(RulesDriver.Exec(priority: 1));
        var cpuBlender = farm.Submitted(RulesDriver.Blender(priority: 2));

        Assert.Null(farm.Claimed(RulesDriver.Worker(1, ["ffmpeg"])));
        Assert.Equal(cpuBlender.Id, farm.Claimed(RulesDriver.Worker(2, ["blender_render", "exec_command"])));
        Assert.Equal(exec.Id, farm.Claimed(RulesDriver.Worker(3, ["blender_render", "exec_command"])));
        Assert.Null(farm.Claimed(RulesDriver.Worker(4, ["blender_render", "exec_command"])));
        Assert.Equal(1_000, farm.State.Queue.Count);
    }
}
