using System.Net;
using Manager.Tests.Support;

namespace Manager.Tests.Http;

public class SmokeTests
{
    [Fact]
    public async Task A_worker_claims_a_submitted_task_over_real_http()
    {
        using var dir = new TempDirectory();
        await using var app = await ManagerApp.StartAsync(dir.Path);

        var registered = await app.Client.PostJson("/workers", """{"hostname":"render-01","system":"Linux 6.1.0"}""");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var submitted = await app.Client.PostJson("/tasks", $$"""{"type":"blender_render","settings":{{Json.BlenderSettings()}}}""");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);

        var claim = await app.Client.PatchJson("/workers/1", """{"status":"available"}""");
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(1, (long)(await claim.ReadJson())["task_id"]!);
        Assert.True(File.Exists(app.DatabasePath));
    }
}
