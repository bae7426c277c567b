using Manager.Actors.Tasks;
using Manager.Tests.Auth;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Http;

/// <summary>
/// A worker's poll in an idle farm is answered by the node it reaches, without the dispatcher (docs/api.md, "Polling an
/// idle farm"); a submission makes the node ask the dispatcher again before the submission is answered; heartbeats and
/// operators' polls always ask it.
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
        await Complete(worker, task);
        await Wait.Until(() => View.IsIdle, Bound, "idle again once the task is completed");
    }

    private async Task Complete(EnrolledWorker worker, long task) =>
        await scene.Bearer(worker.Token).PatchTask(task,
            $$"""{"worker_id":{{worker.Id}},"assignment":{{await scene.Operator.Token(task)}},"status":"completed"}""");

    /// <summary>
    /// A view that says idle while the worker holds a task (as a late busy notice would): the worker's own poll is answered
    /// "nothing" by the node and the dispatcher does not hear of it (it would hand the task back); the worker's heartbeat
    /// and an operator's poll for it still go to the dispatcher.
    /// </summary>
    [Fact]
    public async Task Only_an_available_worker_s_own_poll_is_answered_by_the_node()
    {
        var worker = await scene.EnrollWorker();
        var asWorker = scene.Bearer(worker.Token);
        var task = await scene.HoldTask(worker);
        try
        {
            View.Note(new FarmIdleness(true, TimeSpan.FromMinutes(1)));

            Assert.Null(await asWorker.Poll(worker.Id));
            var held = await scene.Operator.GetTask(task);
            Assert.Equal("rendering", (string?)held["status"]);
            Assert.Equal(worker.Id, (long?)held["worker_id"]);

            Assert.Equal(task, await asWorker.Poll(worker.Id, "rendering"));
            var again = await scene.Operator.Poll(worker.Id); // the dispatcher hands the task back and gives it again
            Assert.NotNull(again);
            await Complete(worker, again.Value);
        }
        finally
        {
            View.Note(FarmIdleness.Busy);
        }
    }
}
