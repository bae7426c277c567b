using System.Net;
using Manager.Tests.Support;
using static Manager.Tests.Support.HttpApi;

namespace Manager.Tests.Http;

/// <summary>An operator acts on a task a worker is rendering; the worker learns over HTTP that it must stop.</summary>
public class OperatorFlowTests(ManagerAppFixture fixture) : IClassFixture<ManagerAppFixture>
{
    private HttpClient Client => fixture.Client;

    private async Task<(long Worker, long Task)> Rendering()
    {
        var tag = Unique("t");
        var worker = await Client.RegisterId(Unique("w"), tag);
        var task = await Client.SubmitId([tag]);
        Assert.Equal(task, await Client.Poll(worker));
        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"rendering","log":"Fra:1 Mem:1M\n"}""");
        Assert.Equal(task, await Client.Poll(worker, "rendering"));
        return (worker, task);
    }

    [Fact]
    public async Task Canceling_a_rendering_task_makes_the_workers_next_update_409_and_its_heartbeat_null()
    {
        var (worker, task) = await Rendering();

        await Client.PatchTask(task, """{"status":"canceled"}""");

        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"log":"Fra:2 Mem:1M\n"}""", HttpStatusCode.Conflict);
        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"completed"}""", HttpStatusCode.Conflict);
        Assert.Null(await Client.Poll(worker, "rendering"));

        var canceled = await Client.GetTask(task);
        Assert.Equal("canceled", (string)canceled["status"]!);
        Assert.Equal(1, (long)canceled["frame_current"]!); // the refused update changed nothing
        Assert.Equal("Fra:1 Mem:1M\n", await (await Client.GetAsync($"/tasks/{task}/log")).Expect(HttpStatusCode.OK));
        Assert.Null((await Client.GetObject("/workers")).Single(kv => (long)kv.Value!["id"]! == worker).Value!["current_task"]);
        Assert.Null(await Client.Poll(worker)); // a canceled task is not handed out again
    }

    [Fact]
    public async Task Deleting_a_rendering_task_makes_the_workers_next_update_409_and_its_heartbeat_null()
    {
        var (worker, task) = await Rendering();

        await (await Client.DeleteAsync($"/tasks/{task}")).Expect(HttpStatusCode.Accepted);

        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"frame_current":2}""", HttpStatusCode.Conflict);
        Assert.Null(await Client.Poll(worker, "rendering"));
        await (await Client.GetAsync($"/tasks/{task}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(await Client.Poll(worker));
    }

    [Fact]
    public async Task Pausing_a_rendering_task_stops_the_worker_and_resuming_queues_it_for_anyone()
    {
        var (worker, task) = await Rendering();

        await Client.PatchTask(task, """{"status":"paused"}""");
        var paused = await Client.GetTask(task);
        Assert.Equal("paused", (string)paused["status"]!);
        Assert.Null(paused["worker_id"]);
        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"frame_current":2}""", HttpStatusCode.Conflict);
        Assert.Null(await Client.Poll(worker, "rendering"));
        Assert.Null(await Client.Poll(worker)); // paused tasks are not handed out

        await Client.PatchTask(task, """{"status":"queued"}""");
        Assert.Equal(task, await Client.Poll(worker));
        Assert.Equal(2, (int)(await Client.GetTask(task))["attempts"]!);
    }

    [Fact]
    public async Task Requeueing_a_rendering_task_fences_the_previous_holder()
    {
        var (worker, task) = await Rendering();
        var tag = (string)(await Client.GetTask(task))["tags"]![0]!;
        var second = await Client.RegisterId(Unique("w2"), tag);

        await Client.PatchTask(task, """{"status":"queued"}""");
        Assert.Null(await Client.Poll(worker, "rendering"));
        Assert.Equal(task, await Client.Poll(second));

        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"completed"}""", HttpStatusCode.Conflict);
        await Client.PatchTask(task, $$"""{"worker_id":{{second}},"status":"completed"}""");
        var done = await Client.GetTask(task);
        Assert.Equal("completed", (string)done["status"]!);
        Assert.Equal(second, (long)done["worker_id"]!);
    }

    [Fact]
    public async Task A_failed_attempt_requeues_the_task_and_it_is_not_given_again_to_the_worker_that_failed_it()
    {
        var (worker, task) = await Rendering();
        var tag = (string)(await Client.GetTask(task))["tags"]![0]!;
        var second = await Client.RegisterId(Unique("w2"), tag); // someone is left who may still run it

        await Client.PatchTask(task, $$"""{"worker_id":{{worker}},"status":"failed","log":"Error: Cannot read file\n"}""");
        var requeued = await Client.GetTask(task);
        Assert.Equal("queued", (string)requeued["status"]!);
        Assert.Null(requeued["worker_id"]);
        Assert.Equal([worker], requeued["failed_by_workers"]!.AsArray().Select(w => (long)w!));
        Assert.Null(await Client.Poll(worker));
        Assert.Equal(task, await Client.Poll(second));

        // Render again after completion: attempts and the failed-by list start afresh.
        await Client.PatchTask(task, $$"""{"worker_id":{{second}},"status":"completed"}""");
        await Client.PatchTask(task, """{"status":"queued"}""");
        var again = await Client.GetTask(task);
        Assert.Equal(0, (int)again["attempts"]!);
        Assert.Empty(again["failed_by_workers"]!.AsArray());
        Assert.Equal(task, await Client.Poll(worker));
    }
}
