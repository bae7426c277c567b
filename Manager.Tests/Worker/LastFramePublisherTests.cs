using Manager.Tests.Support;
using Manager.Worker;

namespace Manager.Tests.Worker;

/// <summary>
/// The worker's last-frame sender at the end of a task: a picture waiting for the interval is dropped, so the task's final
/// status does not wait for it (a farm of one-second renders would otherwise report each task seconds late).
/// </summary>
public sealed class LastFramePublisherTests : IDisposable
{
    private readonly TempDirectory _dir = new("last-frame-publisher");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Finishing_while_a_frame_waits_for_the_interval_stops_at_once()
    {
        var options = new WorkerOptions { Manager = new Uri("http://127.0.0.1:1/"), Hostname = "render-01", WorkDir = _dir.Path };
        using var agent = new WorkerAgent(options);
        var task = new TaskContext(agent, workerId: 1, taskId: 7) { JobId = 3 };
        agent.Frames.Taken(); // a picture just went: the next may go only after the interval
        var publisher = new LastFramePublisher(task, assignment: 1, agent.Frames);
        using var stop = new CancellationTokenSource();
        var publishing = publisher.RunAsync(stop.Token);

        publisher.Saved("frame-0001.png", 1); // waits for the interval (nothing listens at the manager's address)
        await publisher.WaitedForInterval.WaitAsync(TimeSpan.FromSeconds(10));
        publisher.Finish();

        // Well under the interval (5 s): without the end of the wait it returns only when the interval is over.
        var finished = await Task.WhenAny(publishing, Task.Delay(WorkerFrames.Interval / 2));
        Assert.Same(publishing, finished);
    }
}
