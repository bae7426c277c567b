using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>A farm driven by random but repeatable steps (a seed): submits with types and tags, claims by workers of
/// fixed profiles, completions and failures (up to blocklists), priority changes, blocklist clears and deletes.</summary>
internal static class RandomFarm
{
    public static readonly string[] Types = ["blender_render", "exec_command"];
    public static readonly string[][] TagSets = [[], ["gpu"], ["linux"], ["gpu", "linux"], ["linux", "gpu"]];

    /// <summary>Worker profiles: what each worker id supports (empty types: all) and which tags it has.</summary>
    public static readonly (string[] Types, string[] Tags)[] Profiles =
    [
        ([], []), (["blender_render"], ["gpu", "linux"]), (["exec_command"], []), ([], ["linux"]),
        (["blender_render", "exec_command"], ["gpu"]), (["ffmpeg"], ["gpu", "linux"]),
    ];

    public static WorkerCapabilities WorkerOf(int profile) =>
        RulesDriver.Worker(profile + 1, Profiles[profile].Types, Profiles[profile].Tags).Worker;

    public static void Step(RulesDriver farm, Random random)
    {
        var profile = random.Next(Profiles.Length);
        var worker = WorkerOf(profile);
        switch (random.Next(10))
        {
            case < 3:
                var type = Types[random.Next(Types.Length)];
                var tags = TagSets[random.Next(TagSets.Length)];
                var priority = random.Next(3);
                farm.Submit(type == "exec_command" ? RulesDriver.Exec(priority: priority, tags: tags) : RulesDriver.Blender(priority: priority, tags: tags));
                break;
            case < 6:
                farm.Claim(new ClaimTask(worker));
                break;
            case < 8 when farm.State.HeldTask(worker.WorkerId) is { } held:
                farm.FromWorker(held, worker.WorkerId, random.Next(3) == 0 ? TaskStatus.Completed : TaskStatus.Failed);
                break;
            case 8 when farm.State.Tasks.Count > 0:
                var task = farm.State.Tasks.Values.ElementAt(random.Next(farm.State.Tasks.Count));
                farm.FromOperator(task.Id, priority: random.Next(3));
                break;
            case 9 when random.Next(4) == 0:
                farm.ClearBlocklist(worker.WorkerId);
                break;
            case 9 when farm.State.Tasks.Count > 0:
                // Operator actions; the ones the task's status forbids change nothing.
                var target = farm.State.Tasks.Values.ElementAt(random.Next(farm.State.Tasks.Count));
                if (random.Next(5) == 0) farm.Delete(target.Id);
                else farm.FromOperator(target.Id, status: OperatorStatuses[random.Next(OperatorStatuses.Length)]);
                break;
        }
    }

    private static readonly TaskStatus[] OperatorStatuses = [TaskStatus.Canceled, TaskStatus.Paused, TaskStatus.Queued];
}
