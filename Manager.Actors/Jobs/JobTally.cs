using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Actors.Jobs;

/// <summary>
/// Running sums over one job's tasks, kept by the dispatcher's state as tasks change (a task counts as it is now:
/// <see cref="Add"/> when it is indexed, <see cref="Remove"/> before it changes), so reading a job's counts costs
/// nothing per task. Not persisted: rebuilt from the tasks.
/// </summary>
public sealed class JobTally
{
    private readonly int[] _byStatus = new int[Enum.GetValues<TaskStatus>().Length];

    /// <summary>Frames of the completed render tasks.</summary>
    public long FramesDone { get; private set; }

    /// <summary>Frames done plus the other completed tasks (progress's numerator, see <see cref="JobRecord.WorkTotal"/>).</summary>
    public long WorkDone { get; private set; }

    /// <summary>Seconds the completed render tasks took, and the frames of those that reported a time_cost.</summary>
    public double SecondsOfTimedFrames { get; private set; }

    public long TimedFrames { get; private set; }

    /// <summary>Preview tasks not finished yet (queued, rendering or paused): while there are any, the job's other
    /// tasks stay out of the queue.</summary>
    public int PreviewsUnfinished { get; private set; }

    /// <summary>The job's tasks in the dispatcher's queue now (claimable), kept by the state as it adds and removes them.</summary>
    public int Claimable { get; private set; }

    internal void Claimed(int sign) => Claimable += sign;

    public int Count(TaskStatus status) => _byStatus[(int)status];

    /// <summary>The job's failed and canceled tasks: what its blocked tasks wait on (read without a walk over all its tasks).</summary>
    public IReadOnlyCollection<long> FailedOrCanceled => _failedOrCanceled;

    private readonly HashSet<long> _failedOrCanceled = [];

    public void Add(TaskRecord task) => Count(task, +1);

    public void Remove(TaskRecord task) => Count(task, -1);

    /// <summary>The counts the status rules read; <paramref name="blocked"/> is found separately (it needs the dependency
    /// graph). With <paramref name="countWaiting"/> (the job is neither paused nor waiting for a job, so each queued task is
    /// in the queue unless it waits on a task of the job) the queued tasks neither blocked nor claimable are waiting.</summary>
    public JobTaskCounts Counts(int blocked, bool countWaiting) => new(
        Queued: Count(TaskStatus.Queued), Rendering: Count(TaskStatus.Rendering), Paused: Count(TaskStatus.Paused),
        Completed: Count(TaskStatus.Completed), Failed: Count(TaskStatus.Failed), Canceled: Count(TaskStatus.Canceled), Blocked: blocked,
        Waiting: countWaiting ? Count(TaskStatus.Queued) - blocked - Claimable : 0);

    /// <summary>The frames a task renders: its frame range for a render task, none for the video.</summary>
    public static long FramesOf(TaskRecord task) =>
        task.Type == BlenderRenderJobCompiler.Type && task is { FrameStart: { } start, FrameEnd: { } end } ? end - start + 1 : 0;

    /// <summary>What a task adds to progress when it completes: its frames, or 1 for a task that renders none.</summary>
    public static long WorkOf(TaskRecord task) => FramesOf(task) is var frames and > 0 ? frames : 1;

    public static bool IsUnfinished(TaskStatus status) => status is TaskStatus.Queued or TaskStatus.Rendering or TaskStatus.Paused;

    private void Count(TaskRecord task, int sign)
    {
        _byStatus[(int)task.Status] += sign;
        if (task.Status is TaskStatus.Failed or TaskStatus.Canceled)
        {
            if (sign > 0) _failedOrCanceled.Add(task.Id);
            else _failedOrCanceled.Remove(task.Id);
        }
        if (task.Preview && IsUnfinished(task.Status)) PreviewsUnfinished += sign;
        if (task.Status != TaskStatus.Completed) return;
        var frames = FramesOf(task);
        FramesDone += sign * frames;
        WorkDone += sign * WorkOf(task);
        if (frames > 0 && task.TimeCost is { } seconds)
        {
            SecondsOfTimedFrames += sign * seconds;
            TimedFrames += sign * frames;
        }
    }
}
