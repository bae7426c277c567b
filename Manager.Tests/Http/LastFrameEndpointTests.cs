using System.Net;
using Manager.Http.Frames;
using Manager.Tests.Auth;
using Manager.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Manager.Tests.Http;

/// <summary>
/// docs/api.md, "The last rendered frame", against a real manager with authentication on: the worker that holds a job's
/// task stores a JPEG as the job's latest frame (PUT /tasks/{id}/last-frame), submitters and operators read it
/// (GET /jobs/{id}/last-frame). Each test uses its own workers: the one-frame-per-2-s gate is per worker, and its
/// clock moves only when a test moves it.
/// </summary>
public sealed class LastFrameEndpointTests(LastFrameScene scene) : IClassFixture<LastFrameScene>
{
    private HttpClient Submitter => scene.Bearer(scene.Submitter.Token);

    /// <summary>An enrolled worker holding a job's task: the worker, its client, the task, the assignment and the job.</summary>
    private async Task<(EnrolledWorker Worker, HttpClient Client, long Task, long Assignment, long Job)> Holder()
    {
        var worker = await scene.EnrollWorker();
        var client = scene.Bearer(worker.Token);
        var (task, assignment) = await scene.HoldJobTask(client, worker.Id);
        var job = (long)(await scene.Operator.GetTask(task))["job_id"]!;
        return (worker, client, task, assignment, job);
    }

    private static byte[] Jpeg(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        LastFrames.TinyJpeg.AsSpan(0, 3).CopyTo(bytes); // FF D8 FF: the start of a JPEG
        return bytes;
    }

    [Fact]
    public async Task The_holders_frame_is_served_to_a_submitter_byte_for_byte_with_its_task_frame_and_validators()
    {
        var h = await Holder();

        await (await h.Client.PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 7), LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);

        using var answer = await Submitter.GetAsync($"/jobs/{h.Job}/last-frame");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("image/jpeg", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(LastFrames.TinyJpeg, await answer.Content.ReadAsByteArrayAsync());
        Assert.NotNull(answer.Headers.ETag);
        Assert.True(answer.Headers.CacheControl?.NoCache, $"Cache-Control: {answer.Headers.CacheControl}");
        Assert.Equal(h.Task.ToString(), Assert.Single(answer.Headers.GetValues("X-Task-Id")));
        Assert.Equal("7", Assert.Single(answer.Headers.GetValues("X-Frame")));
        var modified = answer.Content.Headers.LastModified;
        Assert.NotNull(modified);
        Assert.True((scene.Clock.GetUtcNow() - modified!.Value).Duration() < TimeSpan.FromSeconds(1), $"Last-Modified {modified}, clock {scene.Clock.GetUtcNow()}");
    }

    [Fact]
    public async Task The_current_etag_is_304_and_a_newer_frame_replaces_it_after_the_interval()
    {
        var h = await Holder();
        await (await h.Client.PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 1), LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);
        var etag = (await Submitter.GetAsync($"/jobs/{h.Job}/last-frame")).Headers.ETag!;

        using (var again = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{h.Job}/last-frame"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await Submitter.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        scene.Clock.Advance(LastFrameGate.Interval);
        var newer = Jpeg(1000);
        await (await h.Client.PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 2), newer)).Expect(HttpStatusCode.NoContent);
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/jobs/{h.Job}/last-frame");
        stale.Headers.IfNoneMatch.Add(etag);
        using var replaced = await Submitter.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(newer, await replaced.Content.ReadAsByteArrayAsync());
        Assert.Equal("2", Assert.Single(replaced.Headers.GetValues("X-Frame")));
        Assert.NotEqual(etag, replaced.Headers.ETag);
    }

    [Fact]
    public async Task A_worker_that_does_not_hold_the_task_or_sends_an_old_assignment_is_409_and_nothing_is_stored()
    {
        await Holder(); // an earlier assignment: when this test runs first in the scene, the one below is still at least 2
        var h = await Holder();
        var other = await scene.EnrollWorker();

        await (await scene.Bearer(other.Token).PutJpeg(LastFrames.PutPath(h.Task, other.Id, h.Assignment, 1), LastFrames.TinyJpeg))
            .ExpectProblem(HttpStatusCode.Conflict);
        await (await h.Client.PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment - 1, 1), LastFrames.TinyJpeg))
            .ExpectProblem(HttpStatusCode.Conflict);

        await (await Submitter.GetAsync($"/jobs/{h.Job}/last-frame")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_worker_token_sending_for_another_worker_is_403()
    {
        var h = await Holder();
        var other = await scene.EnrollWorker();

        await (await scene.Bearer(other.Token).PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 1), LastFrames.TinyJpeg))
            .ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_content_type_is_415_a_body_over_the_limit_413_and_bytes_that_are_no_jpeg_400()
    {
        var h = await Holder();
        var path = LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 1);

        await (await h.Client.PutJpeg(path, LastFrames.TinyJpeg, "image/png")).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        await (await h.Client.PutJpeg(path, Jpeg((int)LastFrameStore.DefaultMaxBytes + 1))).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        await (await h.Client.PutJpeg(path, "not a picture"u8.ToArray())).ExpectProblem(HttpStatusCode.BadRequest);
        // None of them counted as the worker's frame of this interval: a frame of the largest size is taken now.
        await (await h.Client.PutJpeg(path, Jpeg((int)LastFrameStore.DefaultMaxBytes))).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_second_frame_within_the_interval_is_429_with_retry_after_and_is_taken_once_the_interval_passed()
    {
        var h = await Holder();
        var path = LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 1);
        await (await h.Client.PutJpeg(path, LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);

        scene.Clock.Advance(LastFrameGate.Interval - TimeSpan.FromMilliseconds(100));
        using var tooSoon = await h.Client.PutJpeg(path, LastFrames.TinyJpeg);
        await tooSoon.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), tooSoon.Headers.RetryAfter?.Delta);

        scene.Clock.Advance(TimeSpan.FromMilliseconds(100));
        await (await h.Client.PutJpeg(path, LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_task_submitted_alone_keeps_no_frame_422()
    {
        var worker = await scene.EnrollWorker();
        var task = await scene.Operator.SubmitId(priority: 5000); // before any job's task left queued by another test
        Assert.Equal(task, await scene.Bearer(worker.Token).Poll(worker.Id));
        var assignment = await scene.Operator.Token(task);

        await (await scene.Bearer(worker.Token).PutJpeg(LastFrames.PutPath(task, worker.Id, assignment, 1), LastFrames.TinyJpeg))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_job_without_a_frame_and_an_unknown_job_are_404()
    {
        var job = (long)(await scene.Operator.SubmitJob())["id"]!;

        await (await Submitter.GetAsync($"/jobs/{job}/last-frame")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Submitter.GetAsync("/jobs/999999999/last-frame")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_jobs_frame_is_404_and_its_row_is_gone()
    {
        var h = await Holder();
        await (await h.Client.PutJpeg(LastFrames.PutPath(h.Task, h.Worker.Id, h.Assignment, 1), LastFrames.TinyJpeg)).Expect(HttpStatusCode.NoContent);

        await (await scene.Operator.DeleteAsync($"/jobs/{h.Job}")).Expect(HttpStatusCode.Accepted);

        await (await Submitter.GetAsync($"/jobs/{h.Job}/last-frame")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Null(await scene.App.Services.GetRequiredService<LastFrameStore>().ReadAsync(h.Job));
    }
}
