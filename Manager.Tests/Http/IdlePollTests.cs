using Manager.Actors.Tasks;
using Manager.Tests.Auth;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Http;

/// <summary>
/// A worker's poll in an idle farm is answered by the node it reaches, without the dispatcher (docs/api.md, "Polling an
/// idle farm"); a submission makes the node ask the dispatcher again before the submission is answered.
/// </summary>
public sealed class IdlePollTests(AuthScene scene) : IClassFixture<AuthScene>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private IdleFarmView View => scene.App.Services.GetRequiredService<IdleFarmView>();

    [Fact]
    public async Task An_idle_farm_s_polls_are_answered_by_the_node_until_a_submission_which_the_next_poll_gets()
    {
        var worker = await scene.EnrollWorker();
        var asWorker = scene.Bearer(worker.Token);
        await Wait.Until(() => View.IsIdle, Bound, "the dispatcher tells the node that the farm is idle");
        Assert.Null(await asWorker.Poll(worker.Id));

        var task = await scene.Operator.SubmitId();
        Assert.False(View.IsIdle); // on one node the dispatcher tells the view before the submission is written
        Assert.Equal(task, await asWorker.Poll(worker.Id));
        await asWorker.PatchTask(task, $$"""{"worker_id":{{worker.Id}},"assignment":{{await scene.Operator.Token(task)}},"status":"completed"}""");
        await Wait.Until(() => View.IsIdle, Bound, "idle again once the task is completed");
    }
}

/// <summary>
/// A node whose view of the farm is late (here: it never hears that the farm became busy) while a worker holds a task:
/// the worker's own poll is answered "nothing" by the node and the dispatcher does not hear of it (it would hand the task
/// back); the worker's heartbeat and an operator's poll for it still go to the dispatcher.
/// </summary>
public sealed class LateIdlePollTests(LateIdlePollTests.LateViewScene scene) : IClassFixture<LateIdlePollTests.LateViewScene>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Only_an_available_worker_s_own_poll_is_answered_by_the_node()
    {
        var view = scene.App.Services.GetRequiredService<IdleFarmView>();
        var worker = await scene.EnrollWorker();
        var asWorker = scene.Bearer(worker.Token);
        await Wait.Until(() => view.IsIdle, Bound, "the dispatcher tells the node that the farm is idle");
        var task = await scene.Operator.SubmitId();
        Assert.Equal(task, await scene.Operator.Poll(worker.Id)); // an operator's poll: the dispatcher assigns it
        Assert.True(view.IsIdle); // late: it missed that the farm is busy

        Assert.Null(await asWorker.Poll(worker.Id));
        var held = await scene.Operator.GetTask(task);
        Assert.Equal("rendering", (string?)held["status"]);
        Assert.Equal(worker.Id, (long?)held["worker_id"]);
        var assignment = (long)held["assignment"]!;

        Assert.Equal(task, await asWorker.Poll(worker.Id, "rendering"));
        Assert.Equal(task, await scene.Operator.Poll(worker.Id)); // the dispatcher hands the task back and gives it again
        Assert.True((long)(await scene.Operator.GetTask(task))["assignment"]! > assignment);
    }

    /// <summary>The scene's manager with a view that hears only that the farm is idle.</summary>
    public sealed class LateViewScene : AuthScene
    {
        protected override Action<IServiceCollection> Services => services => services.AddSingleton<IdleFarmView, DeafToBusy>();

        private sealed class DeafToBusy : IdleFarmView
        {
            public override void Note(FarmIdleness notice)
            {
                if (notice.Idle) base.Note(notice);
            }
        }
    }
}
